using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Fencing;

/// <summary>
/// The active-node lease, renewed by every ack that says this node is active. The lease runs from the moment the
/// agent <em>sent</em> the heartbeat that the ack answers, on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>):
/// a late ack can only shorten the lease, never stretch it, and a wall-clock step changes nothing. The control plane
/// counts from the moment it granted (after it received that heartbeat), so its view of the expiry is never earlier
/// than the agent's. An ack that does not grant ends nothing: the lease runs out at its time and the agent fences.
/// </summary>
public sealed class ActiveLease(TimeProvider timeProvider, TimeSpan defaultDuration)
{
    private readonly Lock _lock = new();
    private bool _held;
    private bool _withdrawn;
    private bool _fencePending;
    private long _expiresAt;
    private long _grantsFrom = long.MinValue;
    private DateTimeOffset _lastAckAt;

    /// <summary>A lease is held and not yet fenced (it may have run out: see <see cref="IsExpired"/>).</summary>
    public bool IsHeld
    {
        get
        {
            lock (_lock)
            {
                return _held && !_fencePending;
            }
        }
    }

    /// <summary>
    /// The lease is held but the control plane's last ack did not renew it: it is moving the group away (or fencing this
    /// node), and the lease runs out at its time.
    /// </summary>
    public bool IsWithdrawn
    {
        get
        {
            lock (_lock)
            {
                return _held && !_fencePending && _withdrawn;
            }
        }
    }

    /// <summary>
    /// The lease ran out and the agent's fence left something running (<see cref="MarkFencePending"/>): the lease is no
    /// longer held, but its expiry stays the watchdog's basis until the group is stopped or a new grant comes.
    /// </summary>
    public bool IsFencePending
    {
        get
        {
            lock (_lock)
            {
                return _held && _fencePending;
            }
        }
    }

    /// <summary>When the last ack arrived (wall clock, for reports only).</summary>
    public DateTimeOffset LastAckAt
    {
        get
        {
            lock (_lock)
            {
                return _lastAckAt;
            }
        }
    }

    /// <summary>The lease is held and its time has run out: the agent must fence.</summary>
    public bool IsExpired
    {
        get
        {
            lock (_lock)
            {
                return _held && !_fencePending && timeProvider.GetTimestamp() >= _expiresAt;
            }
        }
    }

    /// <summary>How long the held lease still runs; null when none is held.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            lock (_lock)
            {
                return _held && !_fencePending ? Ticks.Between(timeProvider, timeProvider.GetTimestamp(), _expiresAt) : null;
            }
        }
    }

    /// <summary>When the held lease runs out, as a wall-clock instant for display; null when none is held.</summary>
    public DateTimeOffset? ExpiresAt => Remaining is { } left ? timeProvider.GetUtcNow() + left : null;

    /// <summary>
    /// The monotonic expiry in milliseconds (<see cref="Ticks.ToMilliseconds"/>), 0 when none is held: the watchdog's
    /// basis. A lease whose fence is pending keeps its expiry here, so the watchdog goes on killing what did not stop.
    /// </summary>
    public long ExpiresAtMonotonicMs
    {
        get
        {
            lock (_lock)
            {
                return _held ? Ticks.ToMilliseconds(timeProvider, _expiresAt) : 0;
            }
        }
    }

    /// <summary>
    /// Applies the ack of the heartbeat sent at <paramref name="heartbeatSentAt"/> (a <see cref="TimeProvider.GetTimestamp"/>
    /// value taken just before sending). True when this ack granted or renewed the lease.
    /// </summary>
    public bool OnAck(HeartbeatAck ack, long heartbeatSentAt)
    {
        ArgumentNullException.ThrowIfNull(ack);
        lock (_lock)
        {
            _lastAckAt = timeProvider.GetUtcNow();
            if (!ack.IsActive)
            {
                // No grant: a held lease is not renewed, and it runs out at its time, when the agent fences and the
                // watchdog enforces the fence. Ending it here would leave a node that the control plane fences by its lease
                // running whatever its stop command did not stop (a failed stop, a lost command), with neither the agent
                // nor the watchdog left to stop it.
                _withdrawn = _held;
                return false;
            }

            if (heartbeatSentAt < _grantsFrom)
            {
                // Sent before the node fenced itself on a poison pill: the control plane's fence completed on that
                // confirmation, not on this lease, so a grant it made before is void (it may arrive late).
                return false;
            }

            var duration = ack.LeaseDuration > TimeSpan.Zero ? ack.LeaseDuration : defaultDuration;
            var expires = heartbeatSentAt + Ticks.From(timeProvider, duration);
            if (timeProvider.GetTimestamp() >= expires)
            {
                // The ack came later than the lease it grants: nothing is left of it. A held lease runs out on its
                // own (and fences) rather than being renewed by an answer this old.
                return false;
            }

            _expiresAt = _held ? Math.Max(_expiresAt, expires) : expires;
            _held = true;
            _withdrawn = false;
            _fencePending = false;
            return true;
        }
    }

    /// <summary>Ends the lease: the agent calls it once the group is stopped (or when self-fencing is off).</summary>
    public void Release()
    {
        lock (_lock)
        {
            _held = false;
            _withdrawn = false;
            _fencePending = false;
        }
    }

    /// <summary>
    /// Ends the lease and voids every grant answering a heartbeat sent before now: the node confirmed a poison pill, and
    /// the control plane, which completes its fence on that confirmation instead of waiting for the lease, may have
    /// granted one just before the fence began whose ack is still on its way.
    /// </summary>
    public void ReleaseAndRefuseEarlierGrants()
    {
        lock (_lock)
        {
            _held = false;
            _withdrawn = false;
            _fencePending = false;
            _grantsFrom = timeProvider.GetTimestamp();
        }
    }

    /// <summary>The fence of the expired lease left something running: see <see cref="IsFencePending"/>.</summary>
    public void MarkFencePending()
    {
        lock (_lock)
        {
            _fencePending = _held;
        }
    }
}

/// <summary>Conversions between <see cref="TimeProvider.GetTimestamp"/> values, durations and milliseconds.</summary>
public static class Ticks
{
    public static long From(TimeProvider time, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (long)((Int128)duration.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);
    }

    public static TimeSpan Between(TimeProvider time, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(time);
        return TimeSpan.FromTicks((long)((Int128)(to - from) * TimeSpan.TicksPerSecond / time.TimestampFrequency));
    }

    /// <summary>A timestamp in milliseconds: on Linux the system's CLOCK_MONOTONIC, the same in every process.</summary>
    public static long ToMilliseconds(TimeProvider time, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (long)((Int128)timestamp * 1000 / time.TimestampFrequency);
    }

    public static long NowMilliseconds(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ToMilliseconds(time, time.GetTimestamp());
    }
}
