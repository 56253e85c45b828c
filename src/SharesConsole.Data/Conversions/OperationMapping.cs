using System.Collections.Immutable;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Conversions;

public static class OperationMapping
{
    public static OperationSummary ToSummary(OperationEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new OperationSummary
        {
            Id = entity.Id,
            Kind = StoredText.Enum<OperationKind>(entity.Kind, $"Operations[{entity.Id}].Kind"),
            Status = StoredText.Enum<OperationStatus>(entity.Status, $"Operations[{entity.Id}].Status"),
            SourceNode = entity.SourceNode,
            TargetNode = entity.TargetNode,
            CurrentStep = entity.CurrentStep,
            Reason = entity.Reason,
            CreatedAt = entity.CreatedAt,
            EndedAt = entity.EndedAt,
        };
    }

    public static StoredOperation ToStored(OperationEntity entity) => new()
    {
        Summary = ToSummary(entity),
        EpochBefore = entity.EpochBefore,
        EpochAfter = entity.EpochAfter,
        StartedAt = entity.StartedAt,
        Error = entity.Error,
        Steps = [.. entity.Steps.OrderBy(s => s.Index).Select(ToStep)],
    };

    public static StoredStep ToStep(OperationStepEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new StoredStep(
            entity.Index,
            entity.Name,
            StoredText.Enum<StepStatus>(entity.Status, $"OperationSteps[{entity.Id}].Status"),
            entity.StartedAt,
            entity.EndedAt,
            entity.Detail);
    }

    /// <summary>The planned steps as rows, by their stable names: a later version resumes them by name.</summary>
    public static ImmutableArray<OperationStepEntity> PendingSteps(IEnumerable<OperationStep> steps) =>
        [.. steps.Select((step, index) => new OperationStepEntity { Index = index, Name = step.Name, Status = nameof(StepStatus.Pending) })];
}
