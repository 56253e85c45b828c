using SharesConsole.Data.Stores;
using SharesConsole.Web.Leadership;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>The lease and instances the test sets, counting the readings; <see cref="Failure"/> makes the next readings fail.</summary>
public sealed class FakeControlPlaneRoster : IControlPlaneRoster
{
    private int _reads;

    public LeaderLeaseView? Lease { get; set; }

    public IReadOnlyList<ControlPlaneInstanceView> Instances { get; set; } = [];

    public Exception? Failure { get; set; }

    /// <summary>When set, every reading waits for it (to hold a reading in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public async Task<ControlPlaneRoll> ReadAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return new ControlPlaneRoll(Lease, [.. Instances.Where(i => i.Age <= within)]);
    }
}
