using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Publishes events live without a database; replaced by the database-backed recorder when Data is wired.</summary>
public sealed class InMemoryEventRecorder(ClusterEventFeed feed, TimeProvider time) : IEventRecorder
{
    private long _id;

    public Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default)
    {
        var e = new ClusterEvent
        {
            Id = Interlocked.Increment(ref _id),
            Time = time.GetUtcNow(),
            Kind = kind,
            Message = message,
            Node = node,
            Service = service,
            OperationId = operationId,
            Severity = severity,
        };
        feed.Publish(e);
        return Task.FromResult(e);
    }
}
