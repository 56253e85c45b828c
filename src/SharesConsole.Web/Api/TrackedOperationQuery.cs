using System.Collections.Concurrent;
using SharesConsole.Core.State;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;

namespace SharesConsole.Web.Api;

/// <summary>Operations known to this process: the tracker's running and last ones plus those started here, newest state wins.</summary>
public sealed class TrackedOperationQuery : IOperationQuery, IDisposable
{
    private const int Capacity = 500;
    private readonly ConcurrentDictionary<Guid, OperationSummary> _known = new();
    private readonly OperationTracker _tracker;

    public TrackedOperationQuery(OperationTracker tracker)
    {
        _tracker = tracker;
        _tracker.Changed += OnChanged;
    }

    public Task<OperationSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_known.GetValueOrDefault(id));

    public Task<IReadOnlyList<OperationSummary>> ListAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OperationSummary>>([.. _known.Values.OrderByDescending(o => o.CreatedAt).Take(limit)]);

    public void Remember(OperationSummary operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _known.AddOrUpdate(operation.Id, operation, (_, old) => old.Status >= operation.Status ? old : operation);
        if (_known.Count > Capacity)
        {
            foreach (var old in _known.Values.OrderBy(o => o.CreatedAt).Take(_known.Count - Capacity))
            {
                _known.TryRemove(old.Id, out _);
            }
        }
    }

    public void Dispose() => _tracker.Changed -= OnChanged;

    private void OnChanged(object? sender, EventArgs e)
    {
        if (_tracker.Running is { } running)
        {
            _known[running.Id] = running;
        }

        if (_tracker.LastFailover is { } last)
        {
            _known[last.Id] = last;
        }
    }
}
