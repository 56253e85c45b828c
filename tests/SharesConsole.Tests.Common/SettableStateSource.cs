using System.Runtime.CompilerServices;
using SharesConsole.Core.State;

namespace SharesConsole.Tests.Common;

/// <summary>A cluster state the test sets; watchers get the current one and then wait.</summary>
public sealed class SettableStateSource(ClusterState initial) : IClusterStateSource
{
    private ClusterState _current = initial;

    public ClusterState Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Current;
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
