namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>Exit code and output of one run of a tool.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first line of the error output, for log lines and refusals.</summary>
    public string FirstErrorLine =>
        Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {ExitCode}";
}

/// <summary>Runs <c>nft</c> and <c>conntrack</c>; tests replace it to run them inside a network namespace.</summary>
public interface IKernelCommands
{
    Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken);
}
