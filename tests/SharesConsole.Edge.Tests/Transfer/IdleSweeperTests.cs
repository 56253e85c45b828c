using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Transfer;

namespace SharesConsole.Edge.Tests.Transfer;

public sealed class IdleSweeperTests
{
    private sealed class FakeSession(TimeProvider time) : IIdleSession
    {
        public long LastActivity { get; set; } = time.GetTimestamp();

        public int Closed { get; private set; }

        public void Close() => Closed++;
    }

    [Fact]
    public void Sweep_SessionIdleLongerThanTimeout_ClosedOnce()
    {
        var time = new FakeTimeProvider();
        using var sweeper = new IdleSweeper(TimeSpan.FromSeconds(60), time);
        var idle = new FakeSession(time);
        var busy = new FakeSession(time);
        sweeper.Add(idle);
        sweeper.Add(busy);

        time.Advance(TimeSpan.FromSeconds(59));
        busy.LastActivity = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(2));
        sweeper.Sweep();

        Assert.Equal(1, idle.Closed);
        Assert.Equal(0, busy.Closed);
        Assert.Equal(1, sweeper.Count);
    }

    [Fact]
    public void Timer_AdvancedPastTimeout_ClosesWithoutExplicitSweep()
    {
        var time = new FakeTimeProvider();
        using var sweeper = new IdleSweeper(TimeSpan.FromSeconds(4), time);
        var session = new FakeSession(time);
        sweeper.Add(session);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, session.Closed);
    }
}
