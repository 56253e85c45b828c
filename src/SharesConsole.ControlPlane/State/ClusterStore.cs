using System.Collections.Immutable;
using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// The only writer of cluster state. Every change is persisted first (when it is durable), then applied to the
/// in-memory inputs, then a new immutable <see cref="ClusterState"/> is built and published before the call returns,
/// so a caller that reads <see cref="Current"/> after a write sees its own change. Readers take snapshots
/// (<see cref="IClusterStateSource"/>, <see cref="IClusterTopologySource"/>) and never write.
/// </summary>
public sealed partial class ClusterStore
{
    private readonly ClusterRepository _repository;
    private readonly InMemoryTopologySource _topology;
    private readonly CatalogHolder _catalog;
    private readonly AgentReportStore _reports;
    private readonly OperationTracker _operations;
    private readonly ClusterStateRefresher _refresher;
    private readonly IEventRecorder _events;
    private readonly ILogger<ClusterStore> _logger;
    private readonly SemaphoreSlim _settingsGate = new(1, 1);

    /// <summary>The leader's holder and term the epoch raise compares with (null with a single control plane).</summary>
    internal Func<Data.Stores.LeaderFence?> Fence { get; init; } = static () => null;

    internal ClusterStore(
        ClusterRepository repository,
        TopologyCell topology,
        CatalogHolder catalog,
        AgentReportStore reports,
        OperationTracker operations,
        ClusterStateRefresher refresher,
        IEventRecorder events,
        ILogger<ClusterStore> logger)
    {
        _repository = repository;
        _topology = topology.Source;
        _catalog = catalog;
        _reports = reports;
        _operations = operations;
        _refresher = refresher;
        _events = events;
        _logger = logger;
    }

    /// <summary>The newest published state.</summary>
    public ClusterState Current => _refresher.Current;

    public ClusterTopology Topology => _topology.Current;

    public ServiceCatalog Catalog => _catalog.Current;

    /// <summary>Replaces topology and catalog with what the database holds (start-up).</summary>
    public ClusterState Load(StoredCluster stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _catalog.Set(stored.Catalog);
        _topology.Set(stored.Topology);
        return _refresher.Rebuild();
    }

    /// <summary>Operator intent (drained, maintenance) of one node; false when the node is unknown.</summary>
    public async Task<bool> SetIntentAsync(string node, OperatorIntent intent, CancellationToken cancellationToken)
    {
        if (!await _repository.SetIntentAsync(node, intent, cancellationToken))
        {
            return false;
        }

        _topology.Update(t => t with { Nodes = [.. t.Nodes.Select(n => string.Equals(n.Name, node, StringComparison.OrdinalIgnoreCase) ? n with { Intent = intent } : n)] });
        _refresher.Rebuild();
        return true;
    }

    /// <summary>
    /// Saves and applies the settings in one section, so of two saves at once the one written last is also the one in
    /// memory (otherwise the database and the published state could keep different settings).
    /// </summary>
    public async Task SaveSettingsAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await _settingsGate.WaitAsync(cancellationToken);
        try
        {
            await _repository.SaveSettingsAsync(settings, cancellationToken);
            _topology.Update(t => t with { Settings = settings });
            _refresher.Rebuild();
        }
        finally
        {
            _settingsGate.Release();
        }
    }

    /// <summary>Enrols a node with the hash of its agent token; throws <see cref="StoreConflictException"/> when the name is taken.</summary>
    public async Task EnrollNodeAsync(NodeDefinition node, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await _repository.EnrollNodeAsync(node, tokenHash, cancellationToken);
        _topology.Update(t => t.Find(node.Name) is null ? t with { Nodes = t.Nodes.Add(new NodeState(node)) } : t);
        _refresher.Rebuild();
    }

    /// <summary>Removes a node; throws <see cref="StoreConflictException"/> when it is the active node.</summary>
    public async Task RemoveNodeAsync(string node, CancellationToken cancellationToken)
    {
        await _repository.RemoveNodeAsync(node, cancellationToken);
        _topology.Update(t => t with { Nodes = t.Nodes.RemoveAll(n => string.Equals(n.Name, node, StringComparison.OrdinalIgnoreCase)) });
        _refresher.Rebuild();
    }

    /// <summary>
    /// Compare-and-set of the epoch with the new active node, in the database first; the raise that moved it is
    /// recorded as <see cref="EventKinds.EpochRaised"/> (a resumed run that finds it already raised records nothing).
    /// </summary>
    public async Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken)
    {
        var result = await _repository.RaiseEpochAsync(expected, newActive, cancellationToken, Fence());
        if (result.Result != EpochRaise.Stale)
        {
            _topology.Update(t => t with { ActiveNode = newActive, Epoch = Math.Max(t.Epoch, result.Current) });
            _refresher.Rebuild();
        }

        if (result.Result == EpochRaise.Raised)
        {
            await RecordEpochRaisedAsync(expected, result.Current, newActive);
        }

        return result;
    }

    /// <summary>A heartbeat's report (observations are not persisted: the next heartbeat replaces them).</summary>
    public void ApplyReport(AgentReport report)
    {
        _reports.Set(report);
        _refresher.Rebuild();
    }

    /// <summary>The service states a command reply carried, unless the node already has a newer snapshot.</summary>
    public void ApplyCommandReply(string node, string instance, long sequence, ImmutableArray<ServiceObservation> services)
    {
        if (_reports.ApplyCommandReply(node, instance, sequence, services))
        {
            _refresher.Rebuild();
        }
    }

    public void MarkDisconnected(string node)
    {
        if (_reports.MarkDisconnected(node))
        {
            _refresher.Rebuild();
        }
    }

    /// <summary>An operation's progress as the banner and the state show it (the operation store holds the durable record).</summary>
    public void TrackOperation(OperationSummary operation)
    {
        _operations.Update(operation);
        _refresher.Rebuild();
    }

    private async Task RecordEpochRaisedAsync(long from, long to, string newActive)
    {
        var operation = _operations.Running;
        var operationId = string.Equals(operation?.TargetNode, newActive, StringComparison.OrdinalIgnoreCase) ? operation?.Id : null;
        try
        {
            // The epoch has moved: its audit line must not be lost to a shutdown that began meanwhile, nor fail the step.
            await _events.RecordAsync(EventKinds.EpochRaised, $"Epoch {from} → {to}: {newActive} is the active node.", newActive, operationId: operationId, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogEpochEventFailed(_logger, to, newActive, ex);
        }
    }

    [LoggerMessage(EventId = 6080, Level = LogLevel.Error, Message = "Epoch {Epoch} ({Node} active) is raised, but recording its event failed")]
    private static partial void LogEpochEventFailed(ILogger logger, long epoch, string node, Exception exception);
}

/// <summary>The writable topology, reachable only inside this library; everyone else reads <see cref="IClusterTopologySource"/>.</summary>
internal sealed record TopologyCell(InMemoryTopologySource Source);
