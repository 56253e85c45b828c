using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>One step of an operation as the console saw it: from when it became the current step until the next one.</summary>
public sealed record StepRecord(string Name, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>An operation with the steps observed while it ran; <see cref="Summary"/> is its latest summary.</summary>
public sealed record OperationRecord(OperationSummary Summary, IReadOnlyList<StepRecord> Steps);

/// <summary>
/// Follows the state stream and records every failover, switchover and drill with its steps and their
/// durations (the last <see cref="Capacity"/> operations, in memory), for the Operations timeline.
/// </summary>
public sealed class OperationJournal(IClusterStateSource state) : BackgroundService
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly List<(OperationSummary Summary, List<StepRecord> Steps)> _operations = [];

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OperationRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _operations.AsEnumerable().Reverse().Select(o => new OperationRecord(o.Summary, [.. o.Steps]))];
        }
    }

    public void Observe(ClusterState snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (snapshot.RunningOperation is { } running)
            {
                Track(running, snapshot.At);
            }

            if (snapshot.LastFailover is { } last)
            {
                Track(last, last.EndedAt ?? snapshot.At);
            }
        }
    }

    private void Track(OperationSummary summary, DateTimeOffset at)
    {
        var index = _operations.FindIndex(o => o.Summary.Id == summary.Id);
        if (index < 0)
        {
            _operations.Add((summary, []));
            index = _operations.Count - 1;
            if (_operations.Count > Capacity)
            {
                _operations.RemoveAt(0);
                index--;
            }
        }

        var steps = _operations[index].Steps;
        var open = steps.Count > 0 && steps[^1].EndedAt is null ? steps[^1] : null;
        var finished = summary.Status is OperationStatus.Succeeded or OperationStatus.Failed;
        if (open is not null && (finished || open.Name != summary.CurrentStep))
        {
            steps[^1] = open with { EndedAt = at };
        }

        if (!finished && summary.CurrentStep is { } step && (open is null || open.Name != step))
        {
            steps.Add(new StepRecord(step, at, null));
        }

        _operations[index] = (summary, steps);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in state.WatchAsync(stoppingToken))
            {
                Observe(snapshot);
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
