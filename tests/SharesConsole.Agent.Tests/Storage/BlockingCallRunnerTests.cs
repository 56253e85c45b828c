using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Storage;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Storage;

public sealed class BlockingCallRunnerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();
    private readonly BlockingCallRunner _runner;
    private readonly ManualResetEventSlim _release = new();

    public BlockingCallRunnerTests() => _runner = new BlockingCallRunner("test-runner", _time);

    [Fact]
    public async Task RunAsync_CallReturns_CompletedWithItsValueOnTheRunnersThread()
    {
        var result = await _runner.RunAsync(() => Thread.CurrentThread.Name, Timeout, CancellationToken.None);

        Assert.Equal((BlockingCallOutcome.Completed, "test-runner"), (result.Outcome, result.Value));
    }

    [Fact]
    public async Task RunAsync_CallThrows_FaultedWithTheException()
    {
        var result = await _runner.RunAsync<int>(() => throw new IOException("EIO"), Timeout, CancellationToken.None);

        Assert.Equal(BlockingCallOutcome.Faulted, result.Outcome);
        Assert.Equal("EIO", Assert.IsType<IOException>(result.Error).Message);
    }

    [Fact]
    public async Task RunAsync_CallHangsPastTheTimeout_TimedOutAndNoSecondCallStartsUntilItReturns()
    {
        var started = 0;
        int Hang()
        {
            Interlocked.Increment(ref started);
            _release.Wait();
            return 1;
        }

        var startedAt = _time.GetUtcNow();
        var first = _runner.RunAsync(Hang, Timeout, CancellationToken.None);
        await Poll.AdvancingUntilAsync(_time, Timeout, () => first.IsCompleted, "the call to time out");
        var timedOut = await first;
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = await _runner.RunAsync(Hang, Timeout, CancellationToken.None);

        Assert.Equal(BlockingCallOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal(BlockingCallOutcome.StillRunning, second.Outcome);
        Assert.Equal(_time.GetUtcNow() - startedAt, second.Elapsed);
        Assert.Equal(1, Volatile.Read(ref started));
        Assert.True(_runner.IsBusy);

        _release.Set();
        await Poll.UntilAsync(() => !_runner.IsBusy, "the stuck call to return");
        var third = await _runner.RunAsync(Hang, Timeout, CancellationToken.None);

        Assert.Equal((BlockingCallOutcome.Completed, 1), (third.Outcome, third.Value));
        Assert.Equal(2, Volatile.Read(ref started));
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsWithoutWaitingForTheCall()
    {
        using var cancel = new CancellationTokenSource();
        var call = _runner.RunAsync(() => _release.Wait(-1), Timeout, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    public void Dispose()
    {
        _release.Set();
        _runner.Dispose();
        _release.Dispose();
    }
}
