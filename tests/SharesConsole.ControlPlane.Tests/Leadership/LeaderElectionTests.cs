using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Leadership;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Leadership;

/// <summary>The election against a real (SQLite) database; each instance's monotonic clock is a fake one.</summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private ControlPlaneHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ControlPlaneHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private LeaderLeaseStore Store => _harness.Services.GetRequiredService<LeaderLeaseStore>();

    private (LeaderElection Election, FakeTimeProvider Clock, StopRecorder Lifetime) Instance(string name, TimeSpan? lease = null)
    {
        var clock = new FakeTimeProvider();
        var lifetime = new StopRecorder();
        var options = Options.Create(new LeadershipOptions
        {
            Enabled = true,
            InstanceName = name,
            AdvertisedUrl = $"http://{name}:5090",
            Lease = lease ?? TimeSpan.FromSeconds(5),
            Margin = TimeSpan.FromSeconds(1),
        });
        return (new LeaderElection(Store, options, lifetime, clock, NullLogger<LeaderElection>.Instance), clock, lifetime);
    }

    [Fact]
    public async Task TwoInstances_OneLeads_TheOtherFollowsAndKnowsWhere()
    {
        var (a, _, _) = Instance("cp-a");
        var (b, _, _) = Instance("cp-b");

        await a.TryOnceAsync(CancellationToken.None);
        await b.TryOnceAsync(CancellationToken.None);

        Assert.True(a.IsLeader);
        Assert.Equal(1, a.Term);
        Assert.True(a.Acquired.IsCompletedSuccessfully);
        Assert.False(b.IsLeader);
        Assert.Equal(0, b.Term);
        Assert.False(b.Acquired.IsCompleted);
        Assert.Equal(("cp-a", "http://cp-a:5090"), (b.LeaderName, b.LeaderUrl));
        Assert.Equal(new LeaderFence("cp-a", 1), a.Fence);
        Assert.Null(b.Fence);
    }

    [Fact]
    public async Task Leader_NoRenewalFor_LeaseMinusMargin_StopsCommandingBeforeTheDatabaseCouldExpireIt()
    {
        var (a, clock, _) = Instance("cp-a");
        await a.TryOnceAsync(CancellationToken.None);
        Assert.True(a.IsLeader);

        clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        Assert.True(a.IsLeader);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(a.IsLeader);
        Assert.True((await Store.ReadAsync(CancellationToken.None))!.Remaining > TimeSpan.Zero, "the database still counts the lease as held");
    }

    [Fact]
    public async Task Leader_LeaseTakenWhileItWasAway_ItLosesAndStopsItsProcess()
    {
        var (a, _, aLifetime) = Instance("cp-a", TimeSpan.FromMilliseconds(300));
        var (b, _, _) = Instance("cp-b");
        await a.TryOnceAsync(CancellationToken.None);

        await Poll.UntilAsync(async () => { await b.TryOnceAsync(CancellationToken.None); return b.IsLeader; }, "cp-b takes the lease once it expired");
        await a.TryOnceAsync(CancellationToken.None);
        var exitCode = Environment.ExitCode;
        Environment.ExitCode = 0;   // the test host's own

        Assert.Equal(2, b.Term);
        Assert.False(a.IsLeader);
        Assert.True(aLifetime.Stopped);
        Assert.Equal(3, exitCode);
    }

    [Fact]
    public async Task Leader_StopsCleanly_ReleasesSoTheNextTakesOverAtOnce()
    {
        var (a, _, _) = Instance("cp-a");
        var (b, _, _) = Instance("cp-b");
        await a.TryOnceAsync(CancellationToken.None);

        await a.StopAsync(CancellationToken.None);
        await b.TryOnceAsync(CancellationToken.None);

        Assert.True(b.IsLeader);
        Assert.Equal(2, b.Term);
        Assert.False(a.IsLeader);
    }

    private sealed class StopRecorder : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = true;
    }
}
