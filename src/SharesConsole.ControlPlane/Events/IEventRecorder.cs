using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Writes audit events to the database, then publishes them live.</summary>
public interface IEventRecorder
{
    Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default);
}
