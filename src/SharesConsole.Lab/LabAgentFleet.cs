using System.Collections.Immutable;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SharesConsole.Agent;
using SharesConsole.Agent.Lab;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;

namespace SharesConsole.Lab;

/// <summary>
/// The lab's embedded node agents, one per topology node, connected to this host's own <c>/hubs/agents</c> once
/// Kestrel listens. <see cref="Crash"/> and <see cref="RestartAsync"/> serve the console's chaos buttons.
/// </summary>
public sealed partial class LabAgentFleet(
    IServer server, IHostApplicationLifetime lifetime, IClusterTopologySource topology, LabNodeTokens tokens,
    IOptions<LabOptions> lab, ILoggerFactory loggerFactory, TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<LabAgentFleet>();
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableDictionary<string, NodeAgent> _agents = ImmutableDictionary.Create<string, NodeAgent>(StringComparer.OrdinalIgnoreCase);
    private Task _starting = Task.CompletedTask;
    private int _disposed;

    public IReadOnlyDictionary<string, NodeAgent> Agents => Volatile.Read(ref _agents);

    /// <summary>Completes when every lab agent has started (or failed to, which is logged).</summary>
    public Task Started => _starting;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _starting = started.Task;
        topology.Changed += OnTopologyChanged;
        lifetime.ApplicationStarted.Register(() => _ = StartAllAsync(started));
        return Task.CompletedTask;
    }

    /// <summary>Kills a node's agent and its stand-ins at once, without a goodbye to the control plane.</summary>
    public bool Crash(string node)
    {
        if (!Agents.TryGetValue(node, out var agent))
        {
            return false;
        }

        agent.Crash();
        LogCrashed(_logger, node);
        return true;
    }

    /// <summary>Replaces a node's agent by a fresh one (after a crash or to simulate a reboot); the epoch survives on disk.</summary>
    public async Task<NodeAgent> RestartAsync(string node, CancellationToken cancellationToken)
    {
        if (Agents.TryGetValue(node, out var old))
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }

        var definition = topology.Current.Find(node) ?? throw new ArgumentException($"Node '{node}' is not in the topology.", nameof(node));
        return await StartAgentAsync(definition.Node, ControlPlaneUrl(), cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"Node '{node}' has a token the lab did not issue: its agent runs elsewhere.", nameof(node));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        topology.Changed -= OnTopologyChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var agent in Interlocked.Exchange(ref _agents, _agents.Clear()).Values)
        {
            await agent.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StartAllAsync(TaskCompletionSource started)
    {
        try
        {
            var url = ControlPlaneUrl();
            var current = topology.Current;
            foreach (var node in current.Nodes)
            {
                var agent = await StartAgentAsync(node.Node, url, _stopping.Token).ConfigureAwait(false);
                if (agent is not null && string.Equals(current.ActiveNode, node.Name, StringComparison.OrdinalIgnoreCase))
                {
                    await StartActivePassiveAsync(agent, current.Epoch, _stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStartFailed(_logger, e.Message, e);
        }
        finally
        {
            started.TrySetResult();
        }
    }

    private async Task<NodeAgent?> StartAgentAsync(NodeDefinition node, string url, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(node.Name, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            LogNotLabNode(_logger, node.Name);
            return null;
        }

        var options = LabAgentOptions.Create(node.Name, node.ManagementAddress, url, token, Path.GetFullPath(lab.Value.Directory));
        var agent = new NodeAgent(options, loggerFactory, timeProvider, LabDefaults.Catalog);
        await agent.StartAsync(cancellationToken).ConfigureAwait(false);
        ImmutableInterlocked.Update(ref _agents, a => a.SetItem(node.Name, agent));
        LogStarted(_logger, node.Name, node.ManagementAddress.ToString(), url);
        return agent;
    }

    private async Task StartActivePassiveAsync(NodeAgent agent, long epoch, CancellationToken cancellationToken)
    {
        foreach (var service in LabDefaults.Catalog.ActivePassiveStartOrder)
        {
            var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, epoch, service.Name, "lab start"), cancellationToken).ConfigureAwait(false);
            if (!reply.Ok)
            {
                LogActivePassiveFailed(_logger, agent.NodeName, service.Name, reply.Message);
            }
        }
    }

    /// <summary>A node removed from the cluster takes its lab agent with it (its token no longer works anyway).</summary>
    private void OnTopologyChanged(object? sender, ClusterTopology current)
    {
        foreach (var (name, agent) in Agents)
        {
            if (current.Find(name) is null && ImmutableInterlocked.TryRemove(ref _agents, name, out _))
            {
                LogRemoved(_logger, name);
                _ = agent.DisposeAsync().AsTask();
            }
        }
    }

    private string ControlPlaneUrl() => LabControlPlaneUrl.From(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
}
