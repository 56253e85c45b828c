using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.Cluster;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

public sealed partial class ClusterRepository
{
    /// <summary>Adds a node; throws <see cref="StoreConflictException"/> when the name is taken (names compare case-insensitively).</summary>
    public async Task EnrollNodeAsync(NodeDefinition node, string? tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (string.IsNullOrWhiteSpace(node.Name))
        {
            throw new ArgumentException("A node needs a name.", nameof(node));
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = new NodeEntity { TokenHash = tokenHash, EnrolledAt = time.GetUtcNow() };
        NodeMapping.Apply(node, entity);
        db.Nodes.Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new StoreConflictException($"A node named '{node.Name}' is already enrolled; node names must be unique.", ex);
        }
    }

    /// <summary>Removes a node; false when unknown. The active node cannot be removed (switch over first).</summary>
    public async Task<bool> RemoveNodeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var active = await db.ClusterSettings.Select(s => s.ActiveNode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (string.Equals(active, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreConflictException($"Node '{name}' is the active node; switch the active role to another node before removing it.");
        }

        var node = await FindNodeAsync(db, name, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return false;
        }

        db.Nodes.Remove(node);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sets the operator intent flags of a node; false when the node is unknown.</summary>
    public async Task<bool> SetIntentAsync(string name, OperatorIntent intent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var node = await FindNodeAsync(db, name, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return false;
        }

        node.Intent = (int)intent;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Names are unique case-insensitively in both providers (NOCASE on SQLite, the default collation on MariaDB).
    private static Task<NodeEntity?> FindNodeAsync(SharesDbContext db, string name, CancellationToken cancellationToken) =>
        db.Nodes.SingleOrDefaultAsync(n => n.Name == name, cancellationToken);
}
