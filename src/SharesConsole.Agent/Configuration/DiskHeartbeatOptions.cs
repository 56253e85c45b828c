namespace SharesConsole.Agent.Configuration;

/// <summary>
/// The disk heartbeat (section <c>Agent:DiskHeartbeat</c>): a slot file per node on the shared storage, written every
/// <see cref="Interval"/>, through which another node can hand this one a poison pill when the network is cut.
/// </summary>
public sealed record DiskHeartbeatOptions
{
    /// <summary>On, off, or (null, the default) on exactly when <see cref="AgentOptions.SharedStoragePath"/> is set.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Where the slots live; by default <c>&lt;SharedStoragePath&gt;/.sharesconsole/disk-heartbeat</c>. Same path on every node.</summary>
    public string? Directory { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A slot or pill read or write slower than this counts as failed (a hung mount never blocks the agent).</summary>
    public TimeSpan IoTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool IsEnabled(AgentOptions agent) => Enabled ?? !string.IsNullOrWhiteSpace(agent?.SharedStoragePath);

    public string? ResolveDirectory(AgentOptions agent) =>
        Directory ?? (string.IsNullOrWhiteSpace(agent?.SharedStoragePath) ? null : Path.Combine(agent.SharedStoragePath, ".sharesconsole", "disk-heartbeat"));
}
