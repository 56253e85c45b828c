namespace SharesConsole.Data.Entities;

/// <summary>How far a consumer of the event log has got: the id of the last event it has fully handled.</summary>
public sealed class EventCursorEntity
{
    /// <summary>The webhook dispatcher's cursor: the last event turned into deliveries.</summary>
    public const string Webhooks = "webhooks";

    public string Name { get; set; } = "";

    public long LastEventId { get; set; }
}
