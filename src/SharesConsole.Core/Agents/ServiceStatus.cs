namespace SharesConsole.Core.Agents;

/// <summary>One service on one node as its agent last saw it: driver state plus the last probe.</summary>
public sealed record ServiceStatus
{
    public string Name { get; init; } = "";

    public ServiceRunState State { get; init; }

    public bool LastProbeOk { get; init; }

    public double? LastProbeLatencyMs { get; init; }

    public string? LastProbeError { get; init; }

    public int? Pid { get; init; }

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>Driver detail, e.g. why the service failed or who holds its lab lock.</summary>
    public string? Detail { get; init; }
}
