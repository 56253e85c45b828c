namespace SharesConsole.Data.Stores;

/// <summary>A webhook subscription; no <see cref="EventKinds"/> means every kind.</summary>
public sealed record WebhookRecord
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public required string Url { get; init; }

    public required string Secret { get; init; }

    public IReadOnlyList<string> EventKinds { get; init; } = [];

    public bool Enabled { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}
