using System.Text.Json;
using System.Text.Json.Serialization;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>The JSON a receiver gets: <c>{id, kind, time, subject, data}</c>.</summary>
public sealed record WebhookPayload(string Id, string Kind, DateTimeOffset Time, string? Subject, WebhookEventData Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A random id for one event as webhooks see it (audit-log ids restart with an in-memory recorder).</summary>
    public static long NewEventId() => Random.Shared.NextInt64(1, long.MaxValue);

    public static WebhookPayload From(ClusterEvent e, long eventId)
    {
        ArgumentNullException.ThrowIfNull(e);
        var id = "evt_" + eventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var subject = e.Node ?? e.Service ?? e.OperationId?.ToString();
        return new(id, e.Kind, e.Time, subject, new WebhookEventData(e.Message, e.Severity, e.Node, e.Service, e.OperationId, e.Id));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record WebhookEventData(string Message, EventSeverity Severity, string? Node, string? Service, Guid? OperationId, long EventId);
