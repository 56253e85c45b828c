using System.Collections.Concurrent;
using SharesConsole.Web.Auth.Users;

namespace SharesConsole.Web.Tests.Auth.Users;

/// <summary>The operator's console as a test reads it: every line written to standard output, in order.</summary>
internal sealed class CapturingConsole : IOperatorConsole
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        _lines.Enqueue(line);
        return Task.CompletedTask;
    }
}
