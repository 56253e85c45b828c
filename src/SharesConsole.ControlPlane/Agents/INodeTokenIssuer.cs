namespace SharesConsole.ControlPlane.Agents;

/// <summary>Issues node agent tokens: only the hash is kept, the token itself is returned once.</summary>
public interface INodeTokenIssuer
{
    /// <summary>
    /// A fresh token for <paramref name="node"/>; it replaces (revokes) the node's previous token.
    /// <see cref="NodeNotEnrolledException"/> when the node is not enrolled.
    /// </summary>
    ValueTask<string> IssueAsync(string node, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="node"/> has a token at all.</summary>
    ValueTask<bool> HasTokenAsync(string node, CancellationToken cancellationToken);
}
