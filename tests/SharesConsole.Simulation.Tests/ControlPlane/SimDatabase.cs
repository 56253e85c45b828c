using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>
/// The control plane's database, which outlives its processes: active node and epoch (compare-and-set as
/// ClusterRepository.RaiseEpochAsync), and operations with their recorded steps and a single live slot (as OperationStore).
/// </summary>
internal sealed class SimDatabase(ClusterTopology topology)
{
    private readonly List<Record> _operations = [];

    public ClusterTopology Topology { get; private set; } = topology;

    public int OperationsCreated => _operations.Count;

    public StoredOperation? Live => _operations.FirstOrDefault(o => o.IsLive)?.ToStored();

    public StoredOperation? Get(Guid id) => Find(id)?.ToStored();

    public bool TryCreate(OperationPlan plan, string reason)
    {
        if (_operations.Any(o => o.IsLive))
        {
            return false;
        }

        _operations.Add(new Record
        {
            Summary = new OperationSummary
            {
                Id = plan.Id, Kind = plan.Kind, Status = OperationStatus.Pending, SourceNode = plan.Source, TargetNode = plan.Target,
                Reason = reason, CreatedAt = plan.CreatedAt, CurrentStep = plan.Steps[0].Name,
            },
            EpochBefore = plan.ExpectedEpoch,
            Steps = [.. plan.Steps.Select((s, i) => new StoredStep(i, s.Name, StepStatus.Pending, null, null, null))],
        });
        return true;
    }

    public void MarkRunning(Guid id)
    {
        if (Find(id) is { Summary.Status: OperationStatus.Pending } record)
        {
            record.Summary = record.Summary with { Status = OperationStatus.Running };
        }
    }

    public void Complete(Guid id, bool succeeded, DateTimeOffset now)
    {
        if (Find(id) is { IsLive: true } record)
        {
            record.Summary = record.Summary with { Status = succeeded ? OperationStatus.Succeeded : OperationStatus.Failed, EndedAt = now };
        }
    }

    public void RecordStep(Guid id, StepRecord step)
    {
        var record = Find(id) ?? throw new InvalidOperationException($"Operation {id} does not exist.");
        var index = record.Steps.FindIndex(s => s.Name == step.Name);
        var stored = new StoredStep(index < 0 ? record.Steps.Count : record.Steps[index].Index, step.Name, step.Status, step.StartedAt, step.EndedAt, step.Detail);
        if (index < 0)
        {
            record.Steps.Add(stored);
        }
        else
        {
            record.Steps[index] = stored;
        }

        record.Summary = record.Summary with { CurrentStep = step.Name };
    }

    public (EpochRaise Result, long Current) RaiseEpoch(long expected, string newActive)
    {
        if (Topology.Epoch == expected)
        {
            Topology = Topology with { Epoch = expected + 1, ActiveNode = newActive };
            return (EpochRaise.Raised, expected + 1);
        }

        var mine = Topology.Epoch == expected + 1 && string.Equals(Topology.ActiveNode, newActive, StringComparison.OrdinalIgnoreCase);
        return (mine ? EpochRaise.AlreadyRaised : EpochRaise.Stale, Topology.Epoch);
    }

    private Record? Find(Guid id) => _operations.FirstOrDefault(o => o.Summary.Id == id);

    private sealed class Record
    {
        public required OperationSummary Summary { get; set; }

        public long EpochBefore { get; init; }

        public List<StoredStep> Steps { get; init; } = [];

        public bool IsLive => Summary.Status is OperationStatus.Pending or OperationStatus.Running;

        public StoredOperation ToStored() => new() { Summary = Summary, EpochBefore = EpochBefore, Steps = [.. Steps] };
    }
}
