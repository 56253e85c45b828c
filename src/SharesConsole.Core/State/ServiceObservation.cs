namespace SharesConsole.Core.State;

/// <summary>A service on a node as its agent last reported it.</summary>
public sealed record ServiceObservation
{
    public required string Service { get; init; }

    public ObservedState State { get; init; }

    public bool? ProbeOk { get; init; }

    public double? ProbeLatencyMs { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? Since { get; init; }
}
