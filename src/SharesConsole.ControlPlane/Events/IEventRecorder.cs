using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Writes audit events and operator intent to the database and publishes events live.</summary>
public interface IEventRecorder
{
    Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default);

    Task PersistIntentAsync(string node, OperatorIntent intent, CancellationToken cancellationToken);

    Task PersistSettingsAsync(ClusterSettings settings, CancellationToken cancellationToken);
}
