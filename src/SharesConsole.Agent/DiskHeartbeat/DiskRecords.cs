namespace SharesConsole.Agent.DiskHeartbeat;

/// <summary>What a node writes into its own slot every interval (JSON in <c>&lt;node&gt;.slot</c>).</summary>
public sealed record DiskSlot
{
    public string Node { get; init; } = "";

    public DateTimeOffset WrittenAt { get; init; }

    public long Sequence { get; init; }

    public long Epoch { get; init; }

    public bool LeaseHeld { get; init; }

    /// <summary>The last poison pill this node obeyed: its active/passive services were stopped.</summary>
    public PillConfirmation? Confirmed { get; init; }
}

/// <summary>A request from another node to stop the active/passive services (JSON in <c>&lt;node&gt;.pill</c>).</summary>
public sealed record PoisonPill
{
    public string Id { get; init; } = "";

    /// <summary>The cluster epoch the fence runs under; a node that has seen a higher one ignores the pill.</summary>
    public long Epoch { get; init; }

    public string By { get; init; } = "";

    public DateTimeOffset At { get; init; }
}

/// <summary>The pill's node stopped its active/passive services and released its lease.</summary>
public sealed record PillConfirmation
{
    public string PillId { get; init; } = "";

    public DateTimeOffset At { get; init; }

    public IReadOnlyList<string> Stopped { get; init; } = [];
}
