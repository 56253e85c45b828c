using System.Collections.Immutable;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using StateMetrics = SharesConsole.Core.State.NodeMetrics;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Turns a heartbeat into the cluster state's transport-neutral <see cref="AgentReport"/>.</summary>
public static class AgentReportMapper
{
    /// <summary>The report of a heartbeat received now on <paramref name="time"/> (wall clock and monotonic stamp).</summary>
    public static AgentReport ToReport(Heartbeat heartbeat, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(time);
        return new AgentReport
        {
            Node = heartbeat.Node,
            ReceivedAt = time.GetUtcNow(),
            ReceivedTimestamp = time.GetTimestamp(),
            Connected = true,
            Epoch = heartbeat.HighestEpoch,
            Metrics = new StateMetrics
            {
                CpuPercent = heartbeat.Metrics.CpuPercent ?? 0,
                MemoryUsedPercent = heartbeat.Metrics.MemoryUsedPercent ?? 0,
                Load1 = heartbeat.Metrics.Load1 ?? 0,
                SharedStorageFreeBytes = heartbeat.Metrics.SharedStorageFreeBytes,
            },
            Services = ToObservations(heartbeat.Services),
            Instance = heartbeat.Instance,
            Sequence = heartbeat.Sequence,
            LastFencing = heartbeat.LastFencing,
            Storage = heartbeat.Storage,
        };
    }

    public static ImmutableArray<ServiceObservation> ToObservations(IEnumerable<ServiceStatus> services) => [.. services.Select(ToObservation)];

    private static ServiceObservation ToObservation(ServiceStatus status) => new()
    {
        Service = status.Name,
        State = status.State switch
        {
            ServiceRunState.Running => ObservedState.Running,
            ServiceRunState.Stopped => ObservedState.Stopped,
            ServiceRunState.Starting => ObservedState.Starting,
            ServiceRunState.Stopping => ObservedState.Stopping,
            ServiceRunState.Failed => ObservedState.Failed,
            _ => ObservedState.Unknown,
        },
        ProbeOk = status.State == ServiceRunState.Running ? status.LastProbeOk : null,
        ProbeLatencyMs = status.LastProbeLatencyMs,
        Error = status.LastProbeOk ? null : status.LastProbeError ?? status.Detail,
        Since = status.Since,
    };
}
