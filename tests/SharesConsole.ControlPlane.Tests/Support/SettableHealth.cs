using SharesConsole.Core.Cluster;

namespace SharesConsole.ControlPlane.Tests.Support;

/// <summary>The edge's probe verdicts, set by the test: every node up in every pool until <see cref="Set"/> says otherwise.</summary>
public sealed class SettableHealth : INodeHealthSource
{
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public event EventHandler? Changed;

    public bool IsUp(string node, PoolKind pool)
    {
        lock (_gate)
        {
            return !_down.Contains(node);
        }
    }

    public void Set(string node, bool up)
    {
        lock (_gate)
        {
            if (up)
            {
                _down.Remove(node);
            }
            else
            {
                _down.Add(node);
            }
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }
}
