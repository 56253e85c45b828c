using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>
/// Failover, switchover and drill runs with their steps. The database holds at most one pending or running
/// operation: a unique index on <see cref="OperationEntity.ActiveSlot"/> refuses a second one, whoever inserts it.
/// </summary>
public sealed partial class OperationStore(IDbContextFactory<SharesDbContext> factory, TimeProvider time)
{
    private const int LiveSlot = 1;

    /// <summary>
    /// Records a new pending operation with its planned steps; false when another one is pending or running, or when
    /// <paramref name="fence"/> (several control planes) no longer holds the leader lease: an instance that lost the
    /// leadership while it decided (paused, cut off) leaves no operation behind for the new leader to trip over.
    /// </summary>
    public async Task<bool> TryCreateAsync(OperationPlan plan, string? reason, CancellationToken cancellationToken, LeaderFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.Operations.AnyAsync(o => o.ActiveSlot != null, cancellationToken).ConfigureAwait(false))
        {
            return false;   // the common refusal, without a failed INSERT for the database's log
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (fence is not null && !await LeaderLeaseStore.HoldsAsync(db, fence, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var entity = new OperationEntity
        {
            Id = plan.Id,
            Kind = plan.Kind.ToString(),
            Status = nameof(OperationStatus.Pending),
            ActiveSlot = LiveSlot,
            SourceNode = plan.Source,
            TargetNode = plan.Target,
            Reason = reason,
            EpochBefore = plan.ExpectedEpoch,
            CreatedAt = plan.CreatedAt,
            Steps = [.. OperationMapping.PendingSteps(plan.Steps)],
        };
        db.Operations.Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    /// <summary>Moves a pending operation to running; false when it is unknown or no longer pending.</summary>
    public async Task<bool> MarkRunningAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await db.Operations
            .Where(o => o.Id == id && o.Status == nameof(OperationStatus.Pending))
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, nameof(OperationStatus.Running)).SetProperty(o => o.StartedAt, now), cancellationToken)
            .ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Ends the operation and frees the slot for the next one; false when unknown or already ended.</summary>
    public async Task<bool> CompleteAsync(Guid id, bool succeeded, long? epochAfter, string? error, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var status = succeeded ? nameof(OperationStatus.Succeeded) : nameof(OperationStatus.Failed);
        var rows = await db.Operations
            .Where(o => o.Id == id && o.ActiveSlot != null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(o => o.Status, status)
                    .SetProperty(o => o.ActiveSlot, (int?)null)
                    .SetProperty(o => o.EndedAt, now)
                    .SetProperty(o => o.EpochAfter, epochAfter)
                    .SetProperty(o => o.Error, error),
                cancellationToken)
            .ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Records a step's outcome, matched by name (a resumed run updates the same row); unknown names are appended.</summary>
    public async Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var operation = await db.Operations.Include(o => o.Steps).SingleOrDefaultAsync(o => o.Id == operationId, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreConflictException($"Operation {operationId} does not exist; its step '{step.Name}' cannot be recorded.");
        var row = operation.Steps.FirstOrDefault(s => s.Name == step.Name);
        if (row is null)
        {
            row = new OperationStepEntity { Name = step.Name, Index = operation.Steps.Count == 0 ? 0 : operation.Steps.Max(s => s.Index) + 1 };
            operation.Steps.Add(row);
        }

        row.Status = step.Status.ToString();
        row.StartedAt = step.StartedAt;
        row.EndedAt = step.EndedAt;
        row.Detail = step.Detail;
        operation.CurrentStep = step.Name;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
