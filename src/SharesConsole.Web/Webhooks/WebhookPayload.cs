using System.Text.Json;
using System.Text.Json.Serialization;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Webhooks;

/// <summary>The JSON a receiver gets: <c>{id, kind, time, subject, data}</c>.</summary>
public sealed record WebhookPayload(string Id, string Kind, DateTimeOffset Time, string? Subject, WebhookEventData Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static WebhookPayload From(ClusterEvent e, string id)
    {
        ArgumentNullException.ThrowIfNull(e);
        var subject = e.Node ?? e.Service ?? e.OperationId?.ToString();
        return new(id, e.Kind, e.Time, subject, new WebhookEventData(e.Message, e.Severity, e.Node, e.Service, e.OperationId, e.Id));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record WebhookEventData(string Message, EventSeverity Severity, string? Node, string? Service, Guid? OperationId, long EventId);
