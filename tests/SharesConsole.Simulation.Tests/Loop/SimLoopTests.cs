namespace SharesConsole.Simulation.Tests.Loop;

public sealed class SimLoopTests
{
    private readonly SimLoop _loop = new();

    [Fact]
    public void Run_EventsAtTheSameInstant_RunInInsertionOrder()
    {
        var order = new List<int>();
        _loop.At(TimeSpan.TicksPerSecond, null, () => order.Add(2));
        _loop.At(0, null, () => order.Add(1));
        _loop.At(TimeSpan.TicksPerSecond, null, () => order.Add(3));

        _loop.Run(long.MaxValue, () => false);

        Assert.Equal([1, 2, 3], order);
        Assert.Equal(TimeSpan.FromSeconds(1), _loop.Elapsed);
    }

    [Fact]
    public void Run_PausedProcess_RunsItsEventsWhenItResumes()
    {
        var process = new SimProcess(_loop, "agent");
        var ranAt = new List<TimeSpan>();
        _loop.At(0, null, () => process.Pause(TimeSpan.FromSeconds(5)));
        _loop.At(TimeSpan.TicksPerSecond, process, () => ranAt.Add(_loop.Elapsed));
        _loop.At(2 * TimeSpan.TicksPerSecond, process, () => ranAt.Add(_loop.Elapsed));

        _loop.Run(long.MaxValue, () => false);

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], ranAt);
    }

    [Fact]
    public void Run_DeadProcess_NeverRunsItsEvents()
    {
        var process = new SimProcess(_loop, "control plane");
        var ran = false;
        _loop.At(0, null, process.Kill);
        _loop.At(1, process, () => ran = true);

        _loop.Run(long.MaxValue, () => false);

        Assert.False(ran);
    }

    [Fact]
    public void At_LessThanAMillisecond_RoundsUpToTheNextMillisecond()
    {
        var at = TimeSpan.Zero;
        _loop.At(1, null, () => at = _loop.Elapsed);

        _loop.Run(long.MaxValue, () => false);

        Assert.Equal(TimeSpan.FromMilliseconds(1), at);
    }

    [Fact]
    public void Await_DelayAndTimeoutOnTheSimClock_ResumeOnTheLoopThreadAtVirtualTime()
    {
        var process = new SimProcess(_loop, "control plane");
        var clock = new SimClock(new SimHost("cp", 1000, DateTimeOffset.UnixEpoch), process);
        var thread = Environment.CurrentManagedThreadId;
        var seen = new List<(TimeSpan At, int Thread)>();
        _loop.At(0, process, () => _ = WaitAsync());

        _loop.Run(long.MaxValue, () => false);

        Assert.Equal([(TimeSpan.FromSeconds(2), thread), (TimeSpan.FromSeconds(5), thread)], seen);
        Assert.Equal(0, _loop.ThreadHops);

        async Task WaitAsync()
        {
            await Task.Delay(TimeSpan.FromSeconds(2), clock);
            seen.Add((_loop.Elapsed, Environment.CurrentManagedThreadId));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), clock);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.InfiniteTimeSpan, clock, timeout.Token));
            seen.Add((_loop.Elapsed, Environment.CurrentManagedThreadId));
        }
    }

    [Fact]
    public void WallClockStep_MovesUtcNowButNotTheTimestamp()
    {
        var host = new SimHost("node-a", 1000, DateTimeOffset.UnixEpoch);
        var clock = new SimClock(host, new SimProcess(_loop, "agent"));
        var (timestamp, now) = (clock.GetTimestamp(), clock.GetUtcNow());

        host.WallOffset = TimeSpan.FromSeconds(-30);

        Assert.Equal(timestamp, clock.GetTimestamp());
        Assert.Equal(now - TimeSpan.FromSeconds(30), clock.GetUtcNow());
    }
}
