using SharesConsole.Core.State;

namespace SharesConsole.Core.Drift;

/// <summary>
/// One disagreement found by the deep health check. <see cref="Key"/> names the drift, not its
/// current figures, so the same drift seen on consecutive checks is recognised as one.
/// </summary>
public sealed record DriftFinding
{
    public required string Key { get; init; }

    public required DriftKind Kind { get; init; }

    public EventSeverity Severity { get; init; } = EventSeverity.Warning;

    public string? Node { get; init; }

    public string? Service { get; init; }

    public required string Message { get; init; }
}
