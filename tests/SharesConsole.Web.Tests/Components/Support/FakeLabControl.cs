using SharesConsole.ControlPlane.State;

namespace SharesConsole.Web.Tests.Components.Support;

public sealed class FakeLabControl : ILabControl
{
    public bool IsLab { get; set; }

    public List<string> Calls { get; } = [];

    public Task<CommandResult> CrashAsync(string node, CancellationToken cancellationToken)
    {
        Calls.Add("crash " + node);
        return Task.FromResult(CommandResult.Success);
    }

    public Task<CommandResult> RestoreAsync(string node, CancellationToken cancellationToken)
    {
        Calls.Add("restore " + node);
        return Task.FromResult(CommandResult.Success);
    }
}
