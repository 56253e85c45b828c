using Microsoft.EntityFrameworkCore;

namespace SharesConsole.Data.Stores;

/// <summary>
/// Agent token hashes, kept on the node rows so removing a node removes its token. Node names compare
/// case-insensitively; a node gets its first hash when it is enrolled (<see cref="ClusterRepository.EnrollNodeAsync"/>).
/// </summary>
public sealed class NodeTokenStore(IDbContextFactory<SharesDbContext> factory)
{
    /// <summary>The agent token hash of a node, or null when the node is unknown or has none.</summary>
    public Task<string?> GetTokenHashAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        return factory.RunAsync(db => db.Nodes.Where(n => n.Name == node).Select(n => n.TokenHash).SingleOrDefaultAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Replaces the agent token hash of a node (a new token revokes the old one); false when the node is unknown.</summary>
    public async Task<bool> SetTokenHashAsync(string node, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        return await factory.UpdateAsync(db => db.Nodes.Where(n => n.Name == node), n => n.TokenHash = tokenHash, null, cancellationToken).ConfigureAwait(false) is not null;
    }
}
