using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Runs after the migrations: seeds an empty database from configuration (the lab by default),
/// loads the authoritative topology and catalog, and resumes an operation a restart interrupted.
/// </summary>
public sealed partial class ClusterBootstrapper(
    ClusterRepository clusterRepository,
    OperationStore operations,
    ClusterStore store,
    OperationCoordinator coordinator,
    IOptions<LabOptions> lab,
    ILogger<ClusterBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seeded = await clusterRepository.SeedIfEmptyAsync(store.Topology, lab.Value.Enabled ? Core.Lab.LabDefaults.Catalog : Core.Catalog.ServiceCatalog.Default, cancellationToken);
        var stored = await clusterRepository.LoadAsync(cancellationToken)
            ?? throw new InvalidOperationException("The cluster could not be loaded from the database right after seeding it.");
        store.Load(stored);
        LogLoaded(logger, seeded ? "seeded from configuration" : "loaded from the database", stored.Topology.Nodes.Length, stored.Topology.ActiveNode ?? "none", stored.Topology.Epoch);
        if (await operations.GetLastEndedAsync(cancellationToken) is { } last)
        {
            store.TrackOperation(last);
        }

        if (await operations.GetLiveAsync(cancellationToken) is { } live)
        {
            store.TrackOperation(live.Summary);
            LogResuming(logger, live.Summary.Kind.ToString(), live.Summary.Id, live.Summary.CurrentStep ?? "(first)");
            coordinator.Start(live.Summary.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Cluster {How}: {Nodes} node(s), active {Active}, epoch {Epoch}")]
    private static partial void LogLoaded(ILogger logger, string how, int nodes, string active, long epoch);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Warning, Message = "Resuming interrupted {Kind} operation {Id} at step {Step}")]
    private static partial void LogResuming(ILogger logger, string kind, Guid id, string step);
}
