using SharesConsole.Web.Api;

namespace SharesConsole.Web.Edges;

/// <summary>How the console shows an edge.</summary>
public enum EdgeState
{
    Up,

    /// <summary>Connected and reporting, but without open listeners or a configuration.</summary>
    NotServing,

    /// <summary>Seen by this control plane, but disconnected or silent for longer than <see cref="EdgeRegistry.StaleAfter"/>.</summary>
    Down,

    /// <summary>Enrolled, but not connected since this control plane started.</summary>
    NeverConnected,
}

/// <summary>
/// What the Edges page shows at one moment: every enrolled or connected edge, the configuration version the control
/// plane wants them to run, and why the enrolled list could not be read (the live part still shows).
/// </summary>
public sealed record EdgeBoard(DateTimeOffset At, string WantedVersion, IReadOnlyList<EdgeDto> Edges, string? EnrolledError = null)
{
    public IReadOnlyList<EdgeDto> VipHolders => [.. Edges.Where(e => e.HoldsVip)];

    public EdgeState StateOf(EdgeDto edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (edge.LastContact is not { } contact)
        {
            return EdgeState.NeverConnected;
        }

        if (edge.Up)
        {
            return EdgeState.Up;
        }

        return edge.Connected && !edge.Serving && At - contact <= EdgeRegistry.StaleAfter ? EdgeState.NotServing : EdgeState.Down;
    }
}
