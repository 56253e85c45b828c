namespace SharesConsole.Data.Entities;

/// <summary>One service of the catalog with its primary and optional secondary probe.</summary>
public sealed class ServiceEntity
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public int StartOrder { get; set; }

    public string ProbeKind { get; set; } = "";

    public int? ProbePort { get; set; }

    public int? ProbeFallbackPort { get; set; }

    public string? ProbePath { get; set; }

    public bool ProbeTls { get; set; }

    public bool ProbeExpectEmptyBody { get; set; }

    public int ProbeTimeoutMs { get; set; }

    public string? SecondaryProbeKind { get; set; }

    public int? SecondaryProbePort { get; set; }

    public int? SecondaryProbeFallbackPort { get; set; }

    public string? SecondaryProbePath { get; set; }

    public bool SecondaryProbeTls { get; set; }

    public bool SecondaryProbeExpectEmptyBody { get; set; }

    public int SecondaryProbeTimeoutMs { get; set; }

    public string? Note { get; set; }
}
