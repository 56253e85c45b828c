using Microsoft.Extensions.Time.Testing;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Leadership;
using SharesConsole.Web.Tests.Components.Support;

namespace SharesConsole.Web.Tests.Leadership;

public sealed class LeadershipBoardTests
{
    private readonly FakeTimeProvider _time = new(TestStates.Now);
    private readonly FakeLeadership _leadership = new() { SingleInstance = false, InstanceName = "cp-1", LeaderName = "cp-1", Term = 7 };
    private readonly FakeControlPlaneRoster _roster = new()
    {
        Lease = new LeaderLeaseView("cp-1", "http://cp-1:8080", 7, TimeSpan.FromMilliseconds(4200)),
        Instances = [Instance("cp-1", "Leader", 300), Instance("cp-2", "Follower", 800)],
    };

    private LeadershipBoard Board() => new(_leadership, _roster, _time);

    [Fact]
    public async Task GetAsync_SingleInstance_NeverReadsTheDatabase()
    {
        _leadership.SingleInstance = true;

        var status = await Board().GetAsync(CancellationToken.None);

        Assert.True(status.SingleInstance);
        Assert.True(status.LeaderKnown);
        Assert.Equal(0, _roster.Reads);
    }

    [Fact]
    public async Task GetAsync_AskedEverySecond_ReadsTheDatabaseAtMostEveryTwoSeconds()
    {
        var board = Board();
        var reads = new List<int>();
        foreach (var step in new[] { 0, 1000, 1000, 500, 1400, 100, 1000 })
        {
            _time.Advance(TimeSpan.FromMilliseconds(step));
            await board.GetAsync(CancellationToken.None);
            reads.Add(_roster.Reads);
        }

        // At 0, 1, 2, 2.5, 3.9, 4.0, 5.0 s: read at 0, 2 and 4.
        Assert.Equal([1, 1, 2, 2, 2, 3, 3], reads);
    }

    [Fact]
    public async Task GetAsync_ManyPagesWhileAReadingIsUnderWay_ShareOneReading()
    {
        _roster.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var board = Board();

        var pages = Enumerable.Range(0, 5).Select(_ => board.GetAsync(CancellationToken.None)).ToArray();
        _time.Advance(TimeSpan.FromSeconds(3));
        var late = board.GetAsync(CancellationToken.None);
        _roster.Gate.SetResult();
        var statuses = await Task.WhenAll([.. pages, late]);

        Assert.Equal(1, _roster.Reads);
        Assert.All(statuses, s => Assert.Equal("cp-1", s.LeaderName));
    }

    [Fact]
    public async Task GetAsync_BetweenReadings_AgesAndLeaseMoveOnByTheClock()
    {
        var board = Board();
        await board.GetAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));
        var status = await board.GetAsync(CancellationToken.None);

        Assert.Equal(1, _roster.Reads);
        Assert.Equal(TimeSpan.FromMilliseconds(3200), status.LeaseRemaining);
        Assert.Equal([TimeSpan.FromMilliseconds(1300), TimeSpan.FromMilliseconds(1800)], status.Instances.Select(i => i.Age));
        Assert.Equal(TestStates.Now, status.ReadAt);
    }

    [Fact]
    public async Task GetAsync_DatabaseFails_KeepsTheLastReadingWithTheReasonAndAgesKeepGrowing()
    {
        var board = Board();
        await board.GetAsync(CancellationToken.None);
        _roster.Failure = new InvalidOperationException("connection refused");

        _time.Advance(TimeSpan.FromSeconds(6));
        var status = await board.GetAsync(CancellationToken.None);

        Assert.Equal(2, _roster.Reads);
        Assert.Equal("connection refused", status.Error);
        Assert.Equal(TestStates.Now, status.ReadAt);
        Assert.Equal(["cp-1", "cp-2"], status.Silent.Select(i => i.Name));
        Assert.False(status.LeaderKnown, "the lease read 6 s ago had 4.2 s left");
    }

    [Fact]
    public async Task GetAsync_LeaseHeldByThisInstance_LeadingSinceShown_HeldByAnother_NotShown()
    {
        _leadership.LeaderSince = TestStates.Now.AddMinutes(-3);
        var mine = await Board().GetAsync(CancellationToken.None);
        _roster.Lease = new LeaderLeaseView("cp-2", "http://cp-2:8080", 8, TimeSpan.FromSeconds(4));
        _leadership.IsLeader = false;
        var theirs = await Board().GetAsync(CancellationToken.None);

        Assert.Equal(TestStates.Now.AddMinutes(-3), mine.LeaderSince);
        Assert.Null(theirs.LeaderSince);
        Assert.Equal(("cp-2", 8L), (theirs.LeaderName, theirs.Term));
    }

    [Fact]
    public async Task WatchAsync_SeveralInstances_YieldsEverySecond()
    {
        var board = Board();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = board.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        var first = watch.Current.At;
        var next = watch.MoveNextAsync();
        _time.Advance(LeadershipBoard.Tick);

        Assert.True(await next);
        Assert.Equal(first + LeadershipBoard.Tick, watch.Current.At);
    }

    private static ControlPlaneInstanceView Instance(string name, string role, int ageMilliseconds) =>
        new(name, $"http://{name}:8080", role, role == "Leader" ? 7 : 0, TimeSpan.FromMilliseconds(ageMilliseconds));
}
