using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Storage;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Storage;

/// <summary>The probe loop's bookkeeping on a fake clock and a scripted check: statuses, fall/rise, timeouts, low space.</summary>
public sealed class StorageMonitorTests : IAsyncDisposable
{
    private static readonly StorageProbeOptions Options = new()
    {
        Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1), Fall = 3, Rise = 2,
        WarningFreeBytes = 1000, CriticalFreeBytes = 100,
    };

    private readonly FakeTimeProvider _time = new();
    private readonly ManualResetEventSlim _hang = new(initialState: true);
    private readonly StorageMonitor _monitor;
    private StorageCheckResult _next = new(StorageStatus.Ok, null, 3, 5000, 10000);
    private int _checks;

    public StorageMonitorTests() =>
        _monitor = new StorageMonitor("/shared", "node-t", Options, _time, NullLogger.Instance, () =>
        {
            Interlocked.Increment(ref _checks);
            _hang.Wait();
            return _next;
        });

    [Fact]
    public async Task ProbeOnceAsync_CheckPasses_OkFitWithLatencyAndFreeSpace()
    {
        var health = await _monitor.ProbeOnceAsync(CancellationToken.None);

        Assert.Equal((StorageStatus.Ok, true, 0, 3.0, 5000L, false), (health.Status, health.FitForActive, health.ConsecutiveFailures, health.LatencyMs, health.FreeBytes, health.LowSpace));
        Assert.Equal(_time.GetUtcNow(), health.CheckedAt);
        Assert.Same(health, _monitor.Latest);
    }

    [Fact]
    public async Task ProbeOnceAsync_FallFailuresInARow_UnfitAndErrorKept()
    {
        _next = StorageCheckResult.Failed(StorageStatus.ReadOnly, "/shared is read-only");

        var second = await ProbeTimesAsync(2);
        var third = await _monitor.ProbeOnceAsync(CancellationToken.None);

        Assert.True(second.FitForActive);
        Assert.Equal((StorageStatus.ReadOnly, false, 3, "/shared is read-only"), (third.Status, third.FitForActive, third.ConsecutiveFailures, third.LastError));
    }

    [Fact]
    public async Task ProbeOnceAsync_UnfitThenRiseSuccesses_FitAgainWithTheLastErrorStillShown()
    {
        _next = StorageCheckResult.Failed(StorageStatus.Error, "Input/output error");
        await ProbeTimesAsync(3);
        _next = new StorageCheckResult(StorageStatus.Ok, null, 2, 5000, 10000);

        var first = await _monitor.ProbeOnceAsync(CancellationToken.None);
        var second = await _monitor.ProbeOnceAsync(CancellationToken.None);

        Assert.False(first.FitForActive);
        Assert.Equal((StorageStatus.Ok, true, "Input/output error"), (second.Status, second.FitForActive, second.LastError));
    }

    [Fact]
    public async Task ProbeOnceAsync_CheckHangs_TimeoutThenStuckProbesCountAsFailuresWithoutASecondCheck()
    {
        _hang.Reset();
        var first = _monitor.ProbeOnceAsync(CancellationToken.None);
        await Poll.AdvancingUntilAsync(_time, Options.Timeout, () => first.IsCompleted, "the probe to time out");
        var timedOut = await first;
        _time.Advance(Options.Interval);
        await _monitor.ProbeOnceAsync(CancellationToken.None);
        var third = await _monitor.ProbeOnceAsync(CancellationToken.None);

        Assert.Equal((StorageStatus.Timeout, true), (timedOut.Status, timedOut.FitForActive));
        Assert.Equal((StorageStatus.Timeout, false, 3), (third.Status, third.FitForActive, third.ConsecutiveFailures));
        Assert.Contains("stuck", third.LastError, StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref _checks));
    }

    [Theory]
    [InlineData(5000L, false)]
    [InlineData(999L, true)]
    public async Task ProbeOnceAsync_FreeSpace_LowBelowTheWarningThreshold(long free, bool low)
    {
        _next = new StorageCheckResult(StorageStatus.Ok, null, 1, free, 10000);

        var health = await _monitor.ProbeOnceAsync(CancellationToken.None);

        Assert.Equal((low, true), (health.LowSpace, health.FitForActive));
    }

    [Fact]
    public async Task Start_ProbesEveryIntervalOnTheClock()
    {
        _monitor.Start();
        await Poll.UntilAsync(() => _monitor.Probes == 1, "the first probe");

        _time.Advance(Options.Interval);

        await Poll.UntilAsync(() => _monitor.Probes == 2, "the second probe, one interval later");
        Assert.Equal(2, Volatile.Read(ref _checks));
    }

    public async ValueTask DisposeAsync()
    {
        _hang.Set();
        await _monitor.DisposeAsync();
        _hang.Dispose();
    }

    private async Task<StorageHealth> ProbeTimesAsync(int times)
    {
        StorageHealth health = _monitor.Latest;
        for (var i = 0; i < times; i++)
        {
            health = await _monitor.ProbeOnceAsync(CancellationToken.None);
        }

        return health;
    }
}
