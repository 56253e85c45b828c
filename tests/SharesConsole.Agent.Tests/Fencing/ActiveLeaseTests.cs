using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Fencing;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Tests.Fencing;

/// <summary>The lease runs from the heartbeat's send on the monotonic clock: late acks shorten it, wall-clock steps do nothing.</summary>
public sealed class ActiveLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly SteppableClock _time = new();

    private static HeartbeatAck Grant => new() { Epoch = 1, IsActive = true, LeaseDuration = Lease };

    [Fact]
    public void OnAck_ArrivingLate_LeaseStillRunsFromTheSend()
    {
        var lease = new ActiveLease(_time, Lease);
        var sent = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.True(lease.OnAck(Grant, sent));

        Assert.Equal(TimeSpan.FromSeconds(6), lease.Remaining);
        _time.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        Assert.False(lease.IsExpired);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(lease.IsExpired);
    }

    [Fact]
    public void ReleaseAndRefuseEarlierGrants_GrantForAHeartbeatSentBefore_Void_LaterOnesHonoured()
    {
        // Simulation seed 270: a grant made just before the fence, delayed 7 s on the way, reached the node after it had
        // confirmed a poison pill; the control plane had completed the fence on that confirmation and started mysqld on
        // the other node, and the late grant let the node start crond again.
        var lease = new ActiveLease(_time, Lease);
        var before = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));

        lease.ReleaseAndRefuseEarlierGrants();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(lease.OnAck(Grant, before));
        Assert.False(lease.IsHeld);
        var after = _time.GetTimestamp();
        Assert.True(lease.OnAck(Grant, after));
        Assert.True(lease.IsHeld);
    }

    [Fact]
    public void OnAck_LaterThanTheLease_GrantsNothing()
    {
        var lease = new ActiveLease(_time, Lease);
        var sent = _time.GetTimestamp();
        _time.Advance(Lease);

        Assert.False(lease.OnAck(Grant, sent));

        Assert.False(lease.IsHeld);
        Assert.Equal(0, lease.ExpiresAtMonotonicMs);
    }

    [Fact]
    public void OnAck_OlderHeartbeatAnsweredAfterANewerOne_NeverMovesTheExpiryBack()
    {
        var lease = new ActiveLease(_time, Lease);
        var older = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(2));
        var newer = _time.GetTimestamp();
        lease.OnAck(Grant, newer);
        var expiry = lease.ExpiresAtMonotonicMs;

        lease.OnAck(Grant, older);

        Assert.Equal(expiry, lease.ExpiresAtMonotonicMs);
    }

    [Fact]
    public void OnAck_HeldLeaseAndAnAckOlderThanTheLease_LeaseRunsOutOnItsOwn()
    {
        var lease = new ActiveLease(_time, Lease);
        lease.OnAck(Grant, _time.GetTimestamp());
        var stale = _time.GetTimestamp();
        _time.Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.False(lease.OnAck(Grant, stale));

        Assert.True(lease.IsExpired);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public void WallClockStep_ChangesNeitherTheExpiryNorTheRemainingTime(int seconds)
    {
        var lease = new ActiveLease(_time, Lease);
        lease.OnAck(Grant, _time.GetTimestamp());
        var monotonic = lease.ExpiresAtMonotonicMs;

        _time.StepWallClock(TimeSpan.FromSeconds(seconds));

        Assert.False(lease.IsExpired);
        Assert.Equal(Lease, lease.Remaining);
        Assert.Equal(monotonic, lease.ExpiresAtMonotonicMs);
    }

    [Fact]
    public void OnAck_NotActiveWhileHeld_LeaseNotRenewedAndRunsOutAtItsTime()
    {
        var lease = new ActiveLease(_time, Lease);
        lease.OnAck(Grant, _time.GetTimestamp());
        var expiry = lease.ExpiresAtMonotonicMs;
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.False(lease.OnAck(Grant with { IsActive = false }, _time.GetTimestamp()));

        Assert.True(lease.IsHeld);
        Assert.Equal(expiry, lease.ExpiresAtMonotonicMs);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(lease.IsExpired);
    }

    [Fact]
    public void MarkFencePending_ExpiredLease_NotHeldButTheExpiryStaysForTheWatchdogUntilAGrant()
    {
        var lease = new ActiveLease(_time, Lease);
        lease.OnAck(Grant, _time.GetTimestamp());
        var expiry = lease.ExpiresAtMonotonicMs;
        _time.Advance(Lease);

        lease.MarkFencePending();

        Assert.False(lease.IsHeld);
        Assert.False(lease.IsExpired);
        Assert.True(lease.IsFencePending);
        Assert.Equal(expiry, lease.ExpiresAtMonotonicMs);
        lease.OnAck(Grant with { IsActive = false }, _time.GetTimestamp());
        Assert.Equal(expiry, lease.ExpiresAtMonotonicMs);
        Assert.True(lease.OnAck(Grant, _time.GetTimestamp()));
        Assert.True(lease.IsHeld);
        Assert.False(lease.IsFencePending);
    }

    [Fact]
    public void Release_FencePending_EndsTheExpiry()
    {
        var lease = new ActiveLease(_time, Lease);
        lease.OnAck(Grant, _time.GetTimestamp());
        _time.Advance(Lease);
        lease.MarkFencePending();

        lease.Release();

        Assert.False(lease.IsFencePending);
        Assert.Equal(0, lease.ExpiresAtMonotonicMs);
    }

    [Fact]
    public void OnAck_NotActiveAndNoneHeld_HoldsNothing()
    {
        var lease = new ActiveLease(_time, Lease);

        Assert.False(lease.OnAck(Grant with { IsActive = false }, _time.GetTimestamp()));

        Assert.False(lease.IsHeld);
        Assert.Equal(0, lease.ExpiresAtMonotonicMs);
    }

    /// <summary>A monotonic clock that only moves forward, and a wall clock that can also be stepped (NTP, an operator).</summary>
    private sealed class SteppableClock : TimeProvider
    {
        private readonly FakeTimeProvider _monotonic = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        private TimeSpan _wallOffset;

        public override long TimestampFrequency => _monotonic.TimestampFrequency;

        public override long GetTimestamp() => _monotonic.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _monotonic.GetUtcNow() + _wallOffset;

        public void Advance(TimeSpan by) => _monotonic.Advance(by);

        public void StepWallClock(TimeSpan by) => _wallOffset += by;
    }
}
