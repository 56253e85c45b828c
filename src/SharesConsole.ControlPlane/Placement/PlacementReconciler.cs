using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Placement;

/// <summary>
/// Converges reality to the desired placement: starts what should run (active/passive in start order),
/// stops what should not (reverse order), restarts a failed active/passive service in place within its
/// budget and asks for a failover past it. Idle while an operation runs.
/// </summary>
public sealed partial class PlacementReconciler(
    IClusterStateSource state,
    IAgentCommandSender agents,
    IServiceGaveUpReporter monitor,
    IEventRecorder events,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options,
    ILogger<PlacementReconciler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Node, string Service), DateTimeOffset> _pending = new();
    private readonly ConcurrentDictionary<(string Node, string Service), RestartBudget> _budgets = new();
    private readonly ConcurrentDictionary<(string Node, string Service), bool> _seenRunning = new();

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan CommandBackoff { get; init; } = options.Value.Failover.CommandBackoff;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReconcileAsync(state.Current, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One failed pass (a busy database, say) must not end reconciliation or stop the host.
                    LogPassFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task ReconcileAsync(ClusterState current, CancellationToken cancellationToken)
    {
        if (current.RunningOperation is not null)
        {
            return;
        }

        foreach (var node in current.Nodes.Where(n => n.AgentConnected && n.Verdict is not (NodeVerdict.Maintenance or NodeVerdict.Down)))
        {
            await ReconcileNodeAsync(current, node, cancellationToken);
        }
    }

    private async Task ReconcileNodeAsync(ClusterState current, NodeSnapshot node, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var startBlocked = false;
        foreach (var service in current.Catalog.Services)
        {
            var observed = node.StateOf(service.Name);
            var key = (node.Name, service.Name);
            if (observed == ObservedState.Running)
            {
                _seenRunning[key] = true;
            }

            var desired = current.Placement[service.Name, node.Name];
            var activePassive = service.Kind == ServiceKind.ActivePassive;
            if (desired != DesiredState.Running || observed is ObservedState.Running or ObservedState.Starting)
            {
                startBlocked |= activePassive && observed != ObservedState.Running && desired == DesiredState.Running;
                continue;
            }

            if (activePassive && startBlocked)
            {
                continue;
            }

            startBlocked |= activePassive;
            if (_pending.TryGetValue(key, out var until) && until > now)
            {
                continue;
            }

            var wasRunning = _seenRunning.TryRemove(key, out _);
            if (activePassive && node.IsActive && (observed == ObservedState.Failed || wasRunning))
            {
                await events.RecordAsync(EventKinds.ServiceFailed, $"{service.Name} on {node.Name} is {observed.ToString().ToLowerInvariant()}.", node.Name, service.Name, severity: EventSeverity.Warning, cancellationToken: ct);
                var budget = _budgets.GetOrAdd(key, _ => new RestartBudget(options.Value.Failover.MaxRestarts, options.Value.Failover.RestartWindow));
                if (!budget.TryConsume(now))
                {
                    monitor.ReportGaveUp(service.Name);
                    _pending[key] = now + CommandBackoff;
                    continue;
                }

                await events.RecordAsync(EventKinds.ServiceRestarted, $"Restarting {service.Name} on {node.Name} in place ({budget.Used(now)} of {budget.MaxRestarts} in {budget.Window.TotalMinutes:0} min).", node.Name, service.Name, cancellationToken: ct);
            }

            Send(node.Name, AgentCommand.Create(AgentCommandKind.Start, current.Topology.Epoch, service.Name, "placement"), key, now);
        }

        foreach (var service in current.Catalog.Services.Reverse())
        {
            var observed = node.StateOf(service.Name);
            if (current.Placement[service.Name, node.Name] == DesiredState.Stopped && observed is ObservedState.Running or ObservedState.Starting)
            {
                var key = (node.Name, service.Name);
                if (!_pending.TryGetValue(key, out var until) || until <= now)
                {
                    Send(node.Name, AgentCommand.Create(AgentCommandKind.Stop, current.Topology.Epoch, service.Name, "placement"), key, now);
                }

                if (service.Kind == ServiceKind.ActivePassive)
                {
                    break;
                }
            }
        }
    }

    private void Send(string node, AgentCommand command, (string, string) key, DateTimeOffset now)
    {
        _pending[key] = now + CommandBackoff;
        _ = Task.Run(async () =>
        {
            try
            {
                var reply = await agents.SendAsync(node, command, CancellationToken.None);
                if (!reply.Ok)
                {
                    LogRefused(logger, command.Kind.ToString(), command.ServiceName ?? "", node, reply.Error.ToString(), reply.Message ?? "");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRefused(logger, command.Kind.ToString(), command.ServiceName ?? "", node, ex.GetType().Name, ex.Message);
            }
        });
    }

    [LoggerMessage(EventId = 6021, Level = LogLevel.Error, Message = "Placement reconciler: a pass failed; the next tick tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Warning, Message = "{Kind} {Service} on {Node} failed: {Error} {Message}")]
    private static partial void LogRefused(ILogger logger, string kind, string service, string node, string error, string message);
}
