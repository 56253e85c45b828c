using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>The coordinator with a fake runner on a fake clock: retries, one run per operation, shutdown.</summary>
public sealed class OperationCoordinatorUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private (OperationCoordinator Coordinator, FakeRunner Runner) Create(int failures = 0)
    {
        var runner = new FakeRunner(failures);
        var services = new ServiceCollection().AddSingleton<IOperationRunner>(runner).BuildServiceProvider();
        return (new OperationCoordinator(services, _time, NullLogger<OperationCoordinator>.Instance), runner);
    }

    [Fact]
    public async Task Start_RunThrowsTwice_RetriedAfterBackoffUntilItSucceeds()
    {
        var (coordinator, runner) = Create(failures: 2);
        var id = Guid.NewGuid();

        Assert.True(coordinator.Start(id));
        await Poll.UntilAsync(() => runner.Calls == 1, "the first run");
        Assert.True(coordinator.RunningCount == 1, "the operation left the coordinator after a failed run");
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromMilliseconds(500)); return runner.Calls == 3; }, "two retries after their backoff");
        await Poll.UntilAsync(() => coordinator.RunningCount == 0, "the run to end after it succeeded");

        Assert.Equal([id, id, id], runner.Ids);
    }

    [Fact]
    public async Task Start_SameOperationWhileRunning_RefusedSoItNeverRunsTwiceAtOnce()
    {
        var (coordinator, runner) = Create();
        runner.Block();
        var id = Guid.NewGuid();

        var first = coordinator.Start(id);
        await Poll.UntilAsync(() => runner.Calls == 1, "the first run");
        var second = coordinator.Start(id);
        runner.Release();
        await Poll.UntilAsync(() => coordinator.RunningCount == 0, "the run to end");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, runner.Calls);
    }

    [Fact]
    public async Task StopAsync_RunInProgress_CancelledAndAwaitedAndNoNewRunAccepted()
    {
        var (coordinator, runner) = Create();
        runner.Block();
        coordinator.Start(Guid.NewGuid());
        await Poll.UntilAsync(() => runner.Calls == 1, "the run to start");

        await coordinator.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(runner.SawCancellation);
        Assert.Equal(0, coordinator.RunningCount);
        Assert.False(coordinator.Start(Guid.NewGuid()));
    }

    private sealed class FakeRunner(int failures) : IOperationRunner
    {
        private readonly List<Guid> _ids = [];
        private TaskCompletionSource _gate = CompletedGate();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<Guid> Ids
        {
            get
            {
                lock (_ids)
                {
                    return [.. _ids];
                }
            }
        }

        public bool SawCancellation { get; private set; }

        public void Block() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public async Task RunAsync(Guid operationId, CancellationToken cancellationToken)
        {
            lock (_ids)
            {
                _ids.Add(operationId);
            }

            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new InvalidOperationException("SQLite Error 5: 'database is locked'.");
            }

            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }
        }

        private static TaskCompletionSource CompletedGate()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
