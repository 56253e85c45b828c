namespace SharesConsole.ControlPlane.State;

/// <summary>The default when no lab runs in this host: no chaos controls.</summary>
public sealed class NoLabControl : ILabControl
{
    private static readonly CommandResult NotLab = CommandResult.Conflict("This host runs no lab nodes.");

    public bool IsLab => false;

    public Task<CommandResult> CrashAsync(string node, CancellationToken cancellationToken) => Task.FromResult(NotLab);

    public Task<CommandResult> RestoreAsync(string node, CancellationToken cancellationToken) => Task.FromResult(NotLab);
}
