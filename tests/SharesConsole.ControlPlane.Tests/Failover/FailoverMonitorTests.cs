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
    public async Task ExecuteAsync_StartThrowsOnce_KeepsWatchingAndStartsOnTheNextState()
    {
        // The first start fails as a busy database would; before the fix that fault ended the monitor and stopped
        // the whole control-plane host (seen as ObjectDisposedException in the end-to-end tests).
        var states = new PushedStates(TestStates.Build(down: ["node-a"]));
        var launcher = new FlakyLauncher(failures: 1);
        var monitor = new FailoverMonitor(states, launcher, new FakeTimeProvider(TestStates.Now.AddHours(-1)), Options.Create(new ControlPlaneOptions()), NullLogger<FailoverMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None).WaitAsync("the monitor to start");
        await Poll.UntilAsync(() => launcher.Calls >= 1, "the first start attempt");
        await states.PushAsync(TestStates.Build(version: 2, down: ["node-a"])).WaitAsync("the next state to be pushed");
        await Poll.UntilAsync(() => launcher.Calls >= 2, "a second start attempt on the next state");
        await monitor.StopAsync(CancellationToken.None).WaitAsync("the monitor to stop");

        Assert.Equal(("node-a", "node-b"), (launcher.Decisions[1].Source, launcher.Decisions[1].Target));
        Assert.False(monitor.ExecuteTask!.IsFaulted, monitor.ExecuteTask.Exception?.ToString());
    }

    private sealed class PushedStates(ClusterState first) : IClusterStateSource
    {
        private readonly Channel<ClusterState> _states = Channel.CreateUnbounded<ClusterState>();

        public ClusterState Current { get; private set; } = first;

        public async Task PushAsync(ClusterState state)
        {
            Current = state;
            await _states.Writer.WriteAsync(state);
        }

        public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return Current;
            while (await _states.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_states.Reader.TryRead(out var state))
                {
                    yield return state;
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
