using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Fencing;

/// <summary>
/// The active-node lease, renewed by every ack that says this node is active. Durations are measured on the
/// agent's clock from the moment the ack arrived, so the control plane's clock does not matter.
/// </summary>
public sealed class ActiveLease(TimeProvider timeProvider, TimeSpan defaultDuration)
{
    private readonly TimeSpan _default = defaultDuration;
    private readonly Lock _lock = new();
    private bool _held;
    private DateTimeOffset _lastAckAt;
    private TimeSpan _duration = TimeSpan.Zero;

    public bool IsHeld
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

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

    /// <summary>The lease is held and no renewing ack arrived for longer than its duration.</summary>
    public bool IsExpired
    {
        get
        {
            lock (_lock)
            {
                return _held && timeProvider.GetUtcNow() - _lastAckAt > (_duration > TimeSpan.Zero ? _duration : _default);
            }
        }
    }

    /// <summary>When the held lease runs out without another ack; null when none is held.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (_lock)
            {
                return _held ? _lastAckAt + (_duration > TimeSpan.Zero ? _duration : _default) : null;
            }
        }
    }

    public void OnAck(HeartbeatAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        lock (_lock)
        {
            _held = ack.IsActive;
            _lastAckAt = timeProvider.GetUtcNow();
            _duration = ack.LeaseDuration > TimeSpan.Zero ? ack.LeaseDuration : _default;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _held = false;
        }
    }
}
