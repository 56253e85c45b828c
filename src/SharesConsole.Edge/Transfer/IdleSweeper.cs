using System.Collections.Concurrent;

namespace SharesConsole.Edge.Transfer;

/// <summary>Closes sessions that moved no data for the idle timeout; one timer for all sessions instead of one per session.</summary>
public sealed class IdleSweeper : IDisposable
{
    private readonly ConcurrentDictionary<IIdleSession, byte> _sessions = new();
    private readonly TimeSpan _idle;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;

    public IdleSweeper(TimeSpan idle, TimeProvider timeProvider)
    {
        _idle = idle;
        _timeProvider = timeProvider;
        var period = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = timeProvider.CreateTimer(_ => Sweep(), null, period, period);
    }

    public int Count => _sessions.Count;

    public void Add(IIdleSession session) => _sessions.TryAdd(session, 0);

    public void Remove(IIdleSession session) => _sessions.TryRemove(session, out _);

    public void Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var session in _sessions.Keys)
        {
            if (_timeProvider.GetElapsedTime(session.LastActivity, now) >= _idle && _sessions.TryRemove(session, out _))
            {
                session.Close();
            }
        }
    }

    /// <summary>Closes every session (shutdown).</summary>
    public void CloseAll()
    {
        foreach (var session in _sessions.Keys)
        {
            if (_sessions.TryRemove(session, out _))
            {
                session.Close();
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
