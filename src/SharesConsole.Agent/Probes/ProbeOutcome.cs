namespace SharesConsole.Agent.Probes;

public sealed record ProbeOutcome(bool Ok, double? LatencyMs, string? Error)
{
    public static ProbeOutcome Pass(double latencyMs) => new(true, latencyMs, null);

    public static ProbeOutcome Fail(string error, double? latencyMs = null) => new(false, latencyMs, error);
}
