using SharesConsole.Core.State;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Conversions;

public static class EventMapping
{
    public static EventEntity ToEntity(ClusterEvent value, string? dataJson)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new EventEntity
        {
            Time = value.Time,
            Kind = value.Kind,
            Severity = value.Severity.ToString(),
            Node = value.Node,
            Service = value.Service,
            OperationId = value.OperationId,
            Message = value.Message,
            DataJson = dataJson,
        };
    }

    public static ClusterEvent ToEvent(EventEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new ClusterEvent
        {
            Id = entity.Id,
            Time = entity.Time,
            Kind = entity.Kind,
            Severity = StoredText.Enum<EventSeverity>(entity.Severity, $"Events[{entity.Id}].Severity"),
            Node = entity.Node,
            Service = entity.Service,
            OperationId = entity.OperationId,
            Message = entity.Message,
        };
    }
}
