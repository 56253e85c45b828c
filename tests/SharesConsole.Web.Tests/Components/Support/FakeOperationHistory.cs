using SharesConsole.Web.Live;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Stored operations handed to the Operations page, newest first; counts the reads.</summary>
public sealed class FakeOperationHistory : IOperationHistory
{
    private int _reads;

    public List<OperationRecord> Stored { get; } = [];

    public int Reads => Volatile.Read(ref _reads);

    public Task<IReadOnlyList<OperationRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (Stored)
        {
            return Task.FromResult<IReadOnlyList<OperationRecord>>([.. Stored.Take(limit)]);
        }
    }
}
