using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.State;
using SharesConsole.Data;
using SharesConsole.Data.Entities;

namespace SharesConsole.Web.Api;

/// <summary>
/// Operations from the database (written by the failover engine) merged with those this process
/// tracks live, the live copy winning while an operation runs.
/// </summary>
public sealed class StoredOperationQuery(IDbContextFactory<SharesDbContext> factory, TrackedOperationQuery live) : IOperationQuery
{
    public async Task<OperationSummary?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await live.FindAsync(id, cancellationToken) is { } tracked)
        {
            return tracked;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return row is null ? null : ToSummary(row);
    }

    public async Task<IReadOnlyList<OperationSummary>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Operations.AsNoTracking().OrderByDescending(o => o.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        var merged = rows.Select(ToSummary).OfType<OperationSummary>().ToDictionary(o => o.Id);
        foreach (var tracked in await live.ListAsync(limit, cancellationToken))
        {
            merged[tracked.Id] = tracked;
        }

        return [.. merged.Values.OrderByDescending(o => o.CreatedAt).Take(limit)];
    }

    public void Remember(OperationSummary operation) => live.Remember(operation);

    private static OperationSummary? ToSummary(OperationEntity e) =>
        Enum.TryParse<OperationKind>(e.Kind, ignoreCase: true, out var kind) && Enum.TryParse<OperationStatus>(e.Status, ignoreCase: true, out var status)
            ? new OperationSummary
            {
                Id = e.Id,
                Kind = kind,
                Status = status,
                SourceNode = e.SourceNode,
                TargetNode = e.TargetNode,
                CurrentStep = e.CurrentStep,
                Reason = e.Reason ?? e.Error,
                CreatedAt = e.CreatedAt,
                EndedAt = e.EndedAt,
            }
            : null;
}
