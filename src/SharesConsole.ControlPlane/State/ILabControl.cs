namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Chaos controls of the embedded lab (crash and restore a lab node), shown on the Nodes page in lab mode only.
/// The lab registers its implementation with <c>AddSingleton</c>, replacing the default that reports <see cref="IsLab"/> false.
/// </summary>
public interface ILabControl
{
    /// <summary>True when lab nodes run in this host and can be crashed and restored.</summary>
    bool IsLab { get; }

    /// <summary>Kills the lab node's agent and services as a crash would (no orderly stop).</summary>
    Task<CommandResult> CrashAsync(string node, CancellationToken cancellationToken);

    /// <summary>Starts a crashed lab node again.</summary>
    Task<CommandResult> RestoreAsync(string node, CancellationToken cancellationToken);
}
