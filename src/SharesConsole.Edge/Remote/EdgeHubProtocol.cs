namespace SharesConsole.Edge.Remote;

/// <summary>Names shared by an edge process and the control plane for the <c>/hubs/edges</c> connection.</summary>
public static class EdgeHubProtocol
{
    public const string Path = "/hubs/edges";

    /// <summary>Query parameter carrying the edge's name.</summary>
    public const string EdgeQuery = "edge";

    /// <summary>Header carrying the edge token (a bearer Authorization header works too).</summary>
    public const string TokenHeader = "X-SharesConsole-Edge-Token";

    /// <summary>Control plane → edge: <c>Config(EdgeConfig)</c>, on connect and after every change of the topology.</summary>
    public const string ConfigMethod = "Config";

    /// <summary>Edge → control plane: <c>Task Report(EdgeReport)</c>, every report interval.</summary>
    public const string ReportMethod = "Report";
}

/// <summary>What the control plane gives an edge: the cluster topology (JSON, see <see cref="TopologyJson"/>) and its version.</summary>
public sealed record EdgeConfig
{
    /// <summary>A digest of <see cref="Topology"/>: equal versions are equal configurations.</summary>
    public required string Version { get; init; }

    public required string Topology { get; init; }

    /// <summary>The sending control plane's leader term (0 with a single control plane); an edge refuses one below the highest it has seen.</summary>
    public long Term { get; init; }
}

/// <summary>One probe verdict of an edge.</summary>
public sealed record EdgeProbeVerdict(string Node, Core.Cluster.PoolKind Pool, bool Up);

/// <summary>What an edge tells the control plane every report interval.</summary>
public sealed record EdgeReport
{
    /// <summary>The configuration version the edge serves; null while it has none.</summary>
    public string? ConfigVersion { get; init; }

    /// <summary>Listeners open and a configuration loaded.</summary>
    public bool Serving { get; init; }

    /// <summary>The VIP is an address of one of this host's interfaces (keepalived gave it to this edge).</summary>
    public bool HoldsVip { get; init; }

    /// <summary>The configuration came from the snapshot file and the control plane has not confirmed it yet.</summary>
    public bool FromSnapshot { get; init; }

    public string? SoftwareVersion { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public IReadOnlyList<EdgeProbeVerdict> Probes { get; init; } = [];

    public IReadOnlyList<Counters.EdgeCounterSnapshot> Counters { get; init; } = [];
}
