namespace SharesConsole.Core.Placement;

/// <summary>Placement input is inconsistent; <see cref="Errors"/> lists every problem.</summary>
public sealed class PlacementException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
