namespace SharesConsole.Data.Entities;

/// <summary>One delivery attempt of one event to one webhook.</summary>
public sealed class WebhookDeliveryEntity
{
    public long Id { get; set; }

    public int WebhookId { get; set; }

    public long EventId { get; set; }

    public int Attempt { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Succeeded { get; set; }
}
