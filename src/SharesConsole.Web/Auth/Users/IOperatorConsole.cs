namespace SharesConsole.Web.Auth.Users;

/// <summary>
/// The process's standard output, for the few secrets the operator must see once (a setup code, a generated
/// password): they go to the terminal or <c>docker logs</c>, never through the logger into log files and collectors.
/// </summary>
public interface IOperatorConsole
{
    Task WriteLineAsync(string line, CancellationToken cancellationToken);
}

/// <summary>Writes to <see cref="Console.Out"/>.</summary>
internal sealed class StandardOutputConsole : IOperatorConsole
{
    public Task WriteLineAsync(string line, CancellationToken cancellationToken) => Console.Out.WriteLineAsync(line.AsMemory(), cancellationToken);
}
