namespace SharesConsole.Data.Entities;

/// <summary>A webhook subscription; <see cref="EventKinds"/> is a comma list (empty means every kind).</summary>
public sealed class WebhookEntity
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    public string EventKinds { get; set; } = "";

    public bool Enabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<WebhookDeliveryEntity> Deliveries { get; set; } = [];
}
