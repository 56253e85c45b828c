using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>The fence step: the old active is stopped by command, or its lease runs out, before anything moves.</summary>
public sealed partial class OperationExecutorTests
{
    [Fact]
    public async Task Run_OldActiveSilent_WaitsForLeasePlusMarginBeforeStartingAnything()
    {
        _actions.Heartbeats["node-a"] = _time.GetUtcNow() - TimeSpan.FromSeconds(4);
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(6) + FencingRules.DefaultMargin;
        DateTimeOffset? raisedAt = null;
        _actions.OnPoll = () => raisedAt ??= _actions.Epoch == 6 ? _time.GetUtcNow() : null;

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.True(fence.EndedAt >= expiry, $"fenced at {fence.EndedAt:O}, lease expiry {expiry:O}");
        Assert.Contains("lease expired", fence.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("stop-group", StringComparison.Ordinal));
        var raise = _actions.Records.Last(r => r.Name == "raise-epoch");
        Assert.True(raise.StartedAt >= fence.EndedAt);
    }

    [Fact]
    public async Task Run_OldActiveCutButSeesTheStorage_FencedByItsPoisonPillConfirmationBeforeTheLease()
    {
        _actions.Connected.Add("node-b");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        _actions.PoisonPillReply = (victim, _) =>
        {
            // The victim is cut off from the control plane but reads its pill on the storage and confirms at once.
            _actions.Running[victim].Clear();
            return Task.FromResult(ActionResult.Success($"{victim} confirmed the poison pill through the shared storage"));
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Contains("poison-pill node-a via node-b @5", _actions.Calls);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.True(fence.EndedAt < expiry, $"fenced at {fence.EndedAt:O}, before the lease expiry {expiry:O}");
        Assert.Contains("confirmed the poison pill", fence.Detail, StringComparison.Ordinal);
        Assert.True(_actions.Records.Last(r => r.Name == "raise-epoch").StartedAt >= fence.EndedAt);
    }

    [Fact]
    public async Task Run_OldActiveCutBehindAConnectionThatLooksOpen_PillConfirmationEndsTheUnansweredStop()
    {
        // The lab's `cut`: the control plane still holds the agent's connection (the transport has not noticed), so the
        // stop command waits for an answer that never comes; nothing is heard from the node either.
        _actions.Connected.UnionWith(["node-a", "node-b"]);
        _actions.Silent.Add("node-a");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        _actions.StopGroupReply = async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return ActionResult.Success("unreachable");
        };
        var victimConfirms = new TaskCompletionSource();
        _actions.PoisonPillReply = async (victim, ct) =>
        {
            await victimConfirms.Task.WaitAsync(ct);   // the victim reads its slot and stops its group
            _actions.Running[victim].Clear();
            return ActionResult.Success($"{victim} confirmed the poison pill through the shared storage");
        };

        // The clock stands still (the lease cannot run out): only the pill's confirmation can end the fence.
        var run = new OperationExecutor(_actions, _time).RunAsync(Failover(), new HashSet<OperationStep>(), CancellationToken.None);
        await Poll.UntilAsync(() => _actions.Calls.Contains("stop-group node-a @5"), "the stop command to be sent");
        Assert.Contains("poison-pill node-a via node-b @5", _actions.Calls);
        victimConfirms.SetResult();
        var outcome = await run.WaitAsync("the operation to finish");

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.Contains("did not answer the stop command; node-a confirmed the poison pill", fence.Detail, StringComparison.Ordinal);
        Assert.True(_actions.Records.Last(r => r.Name == "raise-epoch").StartedAt >= fence.EndedAt);
    }

    [Fact]
    public async Task Run_OldActiveHeardButSlowToStop_NoPoisonPill()
    {
        // A node that heartbeats but takes its time to stop mysqld gets the stop command only: a pill would stop the
        // same services a second time, concurrently.
        _actions.Connected.Add("node-a");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        _actions.StopGroupReply = async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), _time, ct);
            _actions.Running["node-a"].Clear();
            return ActionResult.Success("stopped");
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("poison-pill", StringComparison.Ordinal));
        Assert.Contains("confirmed it stopped", _actions.Records.Last(r => r.Name == "fence").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PoisonPillNeverConfirmed_FencesByTheLease()
    {
        _actions.Connected.Add("node-b");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        _actions.PoisonPillReply = async (victim, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);   // the victim's storage hangs: no confirmation
            return ActionResult.Success("unreachable");
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.True(fence.EndedAt >= expiry, $"fenced at {fence.EndedAt:O}, lease expiry {expiry:O}");
        Assert.Contains("lease expired", fence.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PoisonPillRefused_FencesByTheLeaseAndSaysWhy()
    {
        _actions.Connected.Add("node-b");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Single(_actions.Calls, c => c.StartsWith("poison-pill", StringComparison.Ordinal));
        Assert.Contains("poison pill: node-b has no disk heartbeat", _actions.Records.Last(r => r.Name == "fence").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TargetNotConnected_NoPoisonPill()
    {
        _actions.Connected.Remove("node-b");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow() - TimeSpan.FromSeconds(11);

        await RunWithClockAsync(Failover() with { Steps = [new FenceStep()] });

        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("poison-pill", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_GrantRecordedAfterTheFenceBegan_MovesTheDeadline()
    {
        // An ack granted just before the operation was published is recorded a moment later: the fence reads the
        // last grant on every loop, so it waits for that lease too (the old rule fixed the deadline once).
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var lateGrant = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
        _actions.OnPoll = () =>
        {
            if (_time.GetUtcNow() >= lateGrant && _actions.Heartbeats["node-a"] < lateGrant)
            {
                _actions.Heartbeats["node-a"] = lateGrant;
            }
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        var expiry = lateGrant + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        Assert.True(fence.EndedAt >= expiry, $"fenced at {fence.EndedAt:O}, the late grant's lease runs until {expiry:O}");
    }

    [Fact]
    public async Task Run_NodeReturnsDuringFencing_IsStoppedByCommandBeforeLeaseEnds()
    {
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var returnAt = _time.GetUtcNow() + TimeSpan.FromSeconds(3);
        _actions.OnPoll = () =>
        {
            if (_time.GetUtcNow() >= returnAt)
            {
                _actions.Connected.Add("node-a");
            }
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Contains("stop-group node-a @5", _actions.Calls);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.Contains("confirmed", fence.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("lease expired", fence.Detail, StringComparison.Ordinal);
        Assert.Empty(_actions.Running["node-a"]);
    }

    [Fact]
    public async Task Run_OldActiveRefusesTheStop_RetriesThenFencesByLease()
    {
        _actions.Connected.Add("node-a");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        _actions.StopGroupReply = _ => Task.FromResult(ActionResult.Failure("refused: epoch 5 is older than 7"));

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        AssertFencedByLease(expiry, "refused: epoch 5 is older than 7");
        Assert.True(_actions.Calls.Count(c => c.StartsWith("stop-group", StringComparison.Ordinal)) > 1, "a refused stop is retried while the lease runs");
    }

    [Fact]
    public async Task Run_OldActiveDisconnectsDuringTheStop_FencesByLease()
    {
        _actions.Connected.Add("node-a");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        _actions.StopGroupReply = _ =>
        {
            _actions.Connected.Remove("node-a");
            return Task.FromResult(ActionResult.Failure("agent disconnected"));
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        AssertFencedByLease(expiry, "agent disconnected");
        Assert.Single(_actions.Calls, c => c.StartsWith("stop-group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OldActiveConnectedButNeverAnswers_FencesWhenTheLeaseRunsOut()
    {
        _actions.Connected.Add("node-a");
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(10) + FencingRules.DefaultMargin;
        _actions.StopGroupReply = async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return ActionResult.Success("answered after all");
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        AssertFencedByLease(expiry, "no answer to the stop command before the lease ran out");
    }

    private void AssertFencedByLease(DateTimeOffset expiry, string reason)
    {
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.Equal(StepStatus.Succeeded, fence.Status);
        Assert.True(fence.EndedAt >= expiry, $"fenced at {fence.EndedAt:O}, lease expiry {expiry:O}");
        Assert.Contains(reason, fence.Detail, StringComparison.Ordinal);
        Assert.Contains("lease expired", fence.Detail, StringComparison.Ordinal);
        var raise = _actions.Records.First(r => r.Name == "raise-epoch");
        Assert.True(raise.StartedAt >= expiry, $"epoch raised at {raise.StartedAt:O}, before the lease expiry {expiry:O}");
    }
}
