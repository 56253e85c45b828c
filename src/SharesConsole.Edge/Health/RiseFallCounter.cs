namespace SharesConsole.Edge.Health;

/// <summary>
/// Turns probe results into a verdict: down after <c>fall</c> failures in a row, up after <c>rise</c> successes.
/// The first result decides at once, so a fresh edge does not wait rise × interval before serving.
/// </summary>
public sealed class RiseFallCounter
{
    private readonly Lock _lock = new();
    private bool? _up;
    private int _streak;

    public bool IsUp => _up == true;

    /// <summary>Records one result; returns true when the verdict changed.</summary>
    public bool Observe(bool success, int rise, int fall)
    {
        lock (_lock)
        {
            if (_up is null)
            {
                _up = success;
                _streak = 0;
                return true;
            }

            if (_up == success)
            {
                _streak = 0;
                return false;
            }

            _streak++;
            if (_streak < (success ? rise : fall))
            {
                return false;
            }

            _up = success;
            _streak = 0;
            return true;
        }
    }
}
