namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// In-place restarts allowed for an active/passive service: <see cref="MaxRestarts"/> within
/// <see cref="Window"/> (default 3 in 10 minutes); past that the group fails over.
/// </summary>
public sealed class RestartBudget(int maxRestarts = 3, TimeSpan? window = null)
{
    private readonly Queue<DateTimeOffset> _restarts = new();

    public int MaxRestarts { get; } = maxRestarts;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(10);

    public int Used(DateTimeOffset now)
    {
        while (_restarts.Count > 0 && now - _restarts.Peek() >= Window)
        {
            _restarts.Dequeue();
        }

        return _restarts.Count;
    }

    /// <summary>Records a restart if the budget allows it; false means: fail over instead.</summary>
    public bool TryConsume(DateTimeOffset now)
    {
        if (Used(now) >= MaxRestarts)
        {
            return false;
        }

        _restarts.Enqueue(now);
        return true;
    }

    public void Reset() => _restarts.Clear();
}
