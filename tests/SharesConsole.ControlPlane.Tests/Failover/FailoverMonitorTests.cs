using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>The monitor's watch loop with a fake launcher and states pushed by the test.</summary>
public sealed class FailoverMonitorTests
{
    [Fact]
    public async Task ExecuteAsync_WithinStartupGrace_DecidesNothingEvenIfTheWallClockJumps()
    {
        // The grace after start is on the monotonic clock: a wall clock stepped forward (here: states stamped an hour
        // ahead) must not end it early.
        var states = new PushedStates(TestStates.Build(down: ["node-a"]));
        var launcher = new FlakyLauncher(failures: 0);
        var time = new FakeTimeProvider(TestStates.Now.AddHours(-1));
        var monitor = new FailoverMonitor(states, launcher, time, Options.Create(new ControlPlaneOptions()), NullLogger<FailoverMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None).WaitAsync("the monitor to start");
        await states.PushAsync(TestStates.Build(version: 2, down: ["node-a"])).WaitAsync("a state within the grace");
        await Poll.UntilAsync(() => states.Handled >= 2, "the monitor to handle both states within the grace");
        Assert.Equal(0, launcher.Calls);
        time.Advance(TimeSpan.FromMinutes(1));
        await states.PushAsync(TestStates.Build(version: 3, down: ["node-a"])).WaitAsync("a state after the grace");
        await Poll.UntilAsync(() => launcher.Calls >= 1, "a start attempt after the grace");
        await monitor.StopAsync(CancellationToken.None).WaitAsync("the monitor to stop");

        Assert.Equal(1, launcher.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_StartThrowsOnce_KeepsWatchingAndStartsOnTheNextState()
    {
        // The first start fails as a busy database would; before the fix that fault ended the monitor and stopped
        // the whole control-plane host (seen as ObjectDisposedException in the end-to-end tests).
        var states = new PushedStates(TestStates.Build(down: ["node-a"]));
        var launcher = new FlakyLauncher(failures: 1);
        var time = new FakeTimeProvider(TestStates.Now);
        var monitor = new FailoverMonitor(states, launcher, time, Options.Create(new ControlPlaneOptions()), NullLogger<FailoverMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None).WaitAsync("the monitor to start");
        await Poll.UntilAsync(() => states.Handled >= 1, "the monitor to watch");
        time.Advance(TimeSpan.FromMinutes(1));   // past the start-up grace (one lease plus one detection time)
        await states.PushAsync(TestStates.Build(version: 2, down: ["node-a"])).WaitAsync("a state after the grace");
        await Poll.UntilAsync(() => launcher.Calls >= 1, "the first start attempt");
        await states.PushAsync(TestStates.Build(version: 3, down: ["node-a"])).WaitAsync("the next state to be pushed");
        await Poll.UntilAsync(() => launcher.Calls >= 2, "a second start attempt on the next state");
        await monitor.StopAsync(CancellationToken.None).WaitAsync("the monitor to stop");

        Assert.Equal(("node-a", "node-b"), (launcher.Decisions[1].Source, launcher.Decisions[1].Target));
        Assert.False(monitor.ExecuteTask!.IsFaulted, monitor.ExecuteTask.Exception?.ToString());
    }

    private sealed class PushedStates(ClusterState first) : IClusterStateSource
    {
        private readonly Channel<ClusterState> _states = Channel.CreateUnbounded<ClusterState>();

        private int _handled;

        public ClusterState Current { get; private set; } = first;

        /// <summary>States the watcher has finished with (it asked for the next one).</summary>
        public int Handled => Volatile.Read(ref _handled);

        public async Task PushAsync(ClusterState state)
        {
            Current = state;
            await _states.Writer.WriteAsync(state);
        }

        public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return Current;
            Interlocked.Increment(ref _handled);
            while (await _states.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_states.Reader.TryRead(out var state))
                {
                    yield return state;
                    Interlocked.Increment(ref _handled);
                }
            }
        }
    }

    private sealed class FlakyLauncher(int failures) : IOperationLauncher
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<FailoverTrigger.Decision> Decisions { get; } = [];

        public Task<CommandResult<OperationSummary>> StartFailoverAsync(FailoverTrigger.Decision decision, CancellationToken cancellationToken)
        {
            lock (Decisions)
            {
                Decisions.Add(decision);
            }

            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new InvalidOperationException("SQLite Error 5: 'database is locked'.");
            }

            return Task.FromResult(CommandResult<OperationSummary>.From(new OperationSummary
            {
                Id = Guid.NewGuid(),
                Kind = OperationKind.Failover,
                Status = OperationStatus.Pending,
                SourceNode = decision.Source,
                TargetNode = decision.Target,
            }));
        }

        public Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
