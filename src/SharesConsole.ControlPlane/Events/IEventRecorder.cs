using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Writes audit events to the database, then publishes them live.</summary>
public interface IEventRecorder
{
    Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default);
}
