using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SharesConsole.Agent;
using SharesConsole.Core.Cluster;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Cluster;
using SharesConsole.Web.Configuration;

namespace SharesConsole.Web.Lab;

/// <summary>
/// The embedded lab: one in-process agent per lab node, connected to this control plane over the
/// real SignalR hub, with crash and restore for the chaos buttons.
/// </summary>
public sealed partial class LabCluster(
    IClusterTopologySource topology,
    CatalogHolder catalog,
    InMemoryNodeTokenValidator tokens,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<LabOptions> options,
    ILoggerFactory loggers,
    ILogger<LabCluster> logger) : IHostedService, ILabControl, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NodeAgent> _agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool IsLab => true;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Agents need the console's real address, known only once Kestrel listens.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(StartAllAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in _agents.Values)
        {
            await agent.StopAsync(cancellationToken);
        }
    }

    public async Task<CommandResult> CrashAsync(string node, CancellationToken cancellationToken)
    {
        if (topology.Current.Find(node) is null)
        {
            return CommandResult.NotFound($"There is no lab node named '{node}'.");
        }

        if (!_agents.TryRemove(node, out var agent))
        {
            return CommandResult.Conflict($"Lab node {node} is already down.");
        }

        agent.Crash();
        LogCrashed(logger, node);
        await agent.DisposeAsync();
        return CommandResult.Success;
    }

    public async Task<CommandResult> RestoreAsync(string node, CancellationToken cancellationToken)
    {
        if (topology.Current.Find(node) is not { } state)
        {
            return CommandResult.NotFound($"There is no lab node named '{node}'.");
        }

        if (_agents.ContainsKey(state.Name))
        {
            return CommandResult.Conflict($"Lab node {state.Name} is already running.");
        }

        await StartNodeAsync(state.Node, cancellationToken);
        return CommandResult.Success;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.Values)
        {
            await agent.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task StartAllAsync()
    {
        foreach (var node in topology.Current.Nodes)
        {
            try
            {
                await StartNodeAsync(node.Node, lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(logger, node.Name, ex);
            }
        }
    }

    private async Task StartNodeAsync(NodeDefinition node, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var token = tokens.Issue(node.Name);
            var agentOptions = LabAgentOptions.For(node, catalog.Current, topology.Current.Settings, ControlPlaneUrl(), token, Path.GetFullPath(options.Value.Directory));
            var agent = new NodeAgent(agentOptions, loggers, catalog: catalog.Current);
            await agent.StartAsync(cancellationToken);
            _agents[node.Name] = agent;
            LogStarted(logger, node.Name, agentOptions.Address);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string ControlPlaneUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        return address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
    }

    [LoggerMessage(EventId = 6040, Level = LogLevel.Information, Message = "Lab node {Node} started on {Address}")]
    private static partial void LogStarted(ILogger logger, string node, string address);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Warning, Message = "Lab node {Node} crashed on request (agent and stand-ins gone without a goodbye)")]
    private static partial void LogCrashed(ILogger logger, string node);

    [LoggerMessage(EventId = 6042, Level = LogLevel.Error, Message = "Lab node {Node} could not start")]
    private static partial void LogStartFailed(ILogger logger, string node, Exception exception);
}
