using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>
/// Node tokens kept as SHA-256 hashes on the node rows: they survive a restart, and removing the node
/// removes its token. Checked once per agent connection (negotiate and connect), not per message.
/// </summary>
public sealed class DatabaseNodeTokens(NodeTokenStore store) : INodeTokenValidator, INodeTokenIssuer
{
    public async ValueTask<bool> ValidateAsync(string node, string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(node) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var hash = await store.GetTokenHashAsync(node, cancellationToken).ConfigureAwait(false);
        return hash is not null && NodeTokens.Matches(token, hash);
    }

    public async ValueTask<string> IssueAsync(string node, CancellationToken cancellationToken)
    {
        var token = NodeTokens.Generate();
        if (!await store.SetTokenHashAsync(node, NodeTokens.Hash(token), cancellationToken).ConfigureAwait(false))
        {
            throw new NodeNotEnrolledException(node);
        }

        return token;
    }

    public async ValueTask<bool> HasTokenAsync(string node, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(node) && await store.GetTokenHashAsync(node, cancellationToken).ConfigureAwait(false) is not null;
}
