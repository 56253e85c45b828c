using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Conversions;

/// <summary>Webhooks keep their event kinds as one comma list; deliveries from before the Status column derive it from Succeeded.</summary>
internal static class WebhookMapping
{
    public static WebhookEntity ToEntity(WebhookRecord webhook)
    {
        var entity = new WebhookEntity { Secret = webhook.Secret, CreatedAt = webhook.CreatedAt };
        Apply(webhook, entity);
        return entity;
    }

    /// <summary>The editable fields: the secret and creation time never change.</summary>
    public static void Apply(WebhookRecord webhook, WebhookEntity entity)
    {
        entity.Name = webhook.Name;
        entity.Url = webhook.Url;
        entity.EventKinds = string.Join(',', webhook.EventKinds);
        entity.Enabled = webhook.Enabled;
    }

    public static WebhookRecord ToRecord(WebhookEntity entity) => new()
    {
        Id = entity.Id,
        Name = entity.Name,
        Url = entity.Url,
        Secret = entity.Secret,
        EventKinds = entity.EventKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Enabled = entity.Enabled,
        CreatedAt = entity.CreatedAt,
    };

    /// <summary>A new delivery row: not attempted yet.</summary>
    public static WebhookDeliveryEntity ToEntity(DeliveryRecord delivery) => new()
    {
        WebhookId = delivery.WebhookId,
        EventId = delivery.EventId,
        ClusterEventId = delivery.ClusterEventId,
        Kind = delivery.Kind,
        Payload = delivery.Payload,
        Status = delivery.Status,
        Attempt = 0,
        At = delivery.At,
        CreatedAt = delivery.CreatedAt,
        NextAttemptAt = delivery.NextAttemptAt,
    };

    public static DeliveryRecord ToRecord(WebhookDeliveryEntity entity) => new()
    {
        Id = entity.Id,
        WebhookId = entity.WebhookId,
        EventId = entity.EventId,
        ClusterEventId = entity.ClusterEventId,
        CreatedAt = entity.CreatedAt,
        Kind = entity.Kind ?? "",
        Payload = entity.Payload ?? "",
        Status = string.IsNullOrEmpty(entity.Status) ? (entity.Succeeded ? DeliveryStatus.Delivered : DeliveryStatus.Pending) : entity.Status,
        Attempt = entity.Attempt,
        StatusCode = entity.StatusCode,
        Error = entity.Error,
        At = entity.At,
        NextAttemptAt = entity.NextAttemptAt,
    };
}
