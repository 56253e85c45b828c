using SharesConsole.Data.Stores;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Enrolled edges in memory; counts the list reads and remembers every token issued and edge removed, with the actor.</summary>
public sealed class FakeEdgeDirectory(TimeProvider time) : IEdgeDirectory
{
    private readonly Lock _gate = new();
    private readonly List<string> _enrolled = [];
    private int _listCalls;

    public event EventHandler? Changed;

    public int ListCalls => Volatile.Read(ref _listCalls);

    public List<(string Name, string Actor, string Token)> Issued { get; } = [];

    public List<(string Name, string Actor)> Removed { get; } = [];

    /// <summary>Enrolls without an event, as another control plane would.</summary>
    public void Enroll(params string[] names)
    {
        lock (_gate)
        {
            _enrolled.AddRange(names);
        }
    }

    public Task<IReadOnlyList<EdgeRecord>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<EdgeRecord>>([.. _enrolled.Order(StringComparer.Ordinal).Select(n => new EdgeRecord(n, now, now))]);
        }
    }

    public Task<EdgeTokenIssued> IssueTokenAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var token = $"token-{name}-{Issued.Count + 1}";
        bool enrolled;
        lock (_gate)
        {
            enrolled = !_enrolled.Contains(name);
            if (enrolled)
            {
                _enrolled.Add(name);
            }

            Issued.Add((name, actor, token));
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return Task.FromResult(new EdgeTokenIssued(name, token, enrolled));
    }

    public Task<bool> RemoveAsync(string name, string actor, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_gate)
        {
            removed = _enrolled.Remove(name);
            Removed.Add((name, actor));
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return Task.FromResult(removed);
    }
}
