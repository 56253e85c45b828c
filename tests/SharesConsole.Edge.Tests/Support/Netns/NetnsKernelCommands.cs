using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Support.Netns;

/// <summary>Runs the kernel path's nft and conntrack inside the test's edge namespace.</summary>
internal sealed class NetnsKernelCommands(string ns) : IKernelCommands
{
    private readonly ProcessKernelCommands _inner = new();

    public Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken) =>
        _inner.RunAsync("ip", ["netns", "exec", ns, tool, .. arguments], input, cancellationToken);
}
