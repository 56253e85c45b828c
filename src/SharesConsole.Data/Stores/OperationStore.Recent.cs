using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

public sealed partial class OperationStore
{
    /// <summary>The most recently created operations with every step, newest first (the console's timeline).</summary>
    public async Task<IReadOnlyList<StoredOperation>> ListRecentWithStepsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Operations.AsNoTracking().Include(o => o.Steps).AsSplitQuery()
            .OrderByDescending(o => o.CreatedAt).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(OperationMapping.ToStored)];
    }
}
