using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Appends events to the audit log in the database, then publishes them live.</summary>
public sealed class DatabaseEventRecorder(EventStore store, ClusterEventFeed feed, TimeProvider time) : IEventRecorder
{
    public async Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default)
    {
        var saved = await store.AppendAsync(
            new ClusterEvent { Time = time.GetUtcNow(), Kind = kind, Message = message, Node = node, Service = service, OperationId = operationId, Severity = severity },
            null,
            cancellationToken);
        feed.Publish(saved);
        return saved;
    }
}
