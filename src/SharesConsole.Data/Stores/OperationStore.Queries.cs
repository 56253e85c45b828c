using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.State;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

public sealed partial class OperationStore
{
    public async Task<StoredOperation?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.Operations.AsNoTracking().Include(o => o.Steps).SingleOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : OperationMapping.ToStored(entity);
    }

    /// <summary>The pending or running operation, if any (what a restarted control plane resumes).</summary>
    public async Task<StoredOperation?> GetLiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.Operations.AsNoTracking().Include(o => o.Steps).SingleOrDefaultAsync(o => o.ActiveSlot != null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : OperationMapping.ToStored(entity);
    }

    /// <summary>The most recently created operations, newest first.</summary>
    public async Task<IReadOnlyList<OperationSummary>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Operations.AsNoTracking().OrderByDescending(o => o.CreatedAt).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(OperationMapping.ToSummary)];
    }

    /// <summary>The most recently ended operation, or null.</summary>
    public async Task<OperationSummary?> GetLastEndedAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Operations.AsNoTracking().Where(o => o.EndedAt != null).OrderByDescending(o => o.EndedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : OperationMapping.ToSummary(row);
    }
}
