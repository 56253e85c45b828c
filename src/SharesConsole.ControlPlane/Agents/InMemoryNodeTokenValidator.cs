using System.Collections.Concurrent;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Token hashes held in memory (hosts without a database, tests); the control plane uses <see cref="DatabaseNodeTokens"/>.</summary>
public sealed class InMemoryNodeTokenValidator : INodeTokenValidator, INodeTokenIssuer
{
    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a fresh token for <paramref name="node"/>, keeps only its hash and returns the token once.</summary>
    public string Issue(string node)
    {
        var token = NodeTokens.Generate();
        SetHash(node, NodeTokens.Hash(token));
        return token;
    }

    public void SetHash(string node, string tokenHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        _hashes[node] = tokenHash;
    }

    public bool Revoke(string node) => _hashes.TryRemove(node, out _);

    public ValueTask<bool> ValidateAsync(string node, string token, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            !string.IsNullOrEmpty(node) && !string.IsNullOrEmpty(token) && _hashes.TryGetValue(node, out var hash) && NodeTokens.Matches(token, hash));

    ValueTask<string> INodeTokenIssuer.IssueAsync(string node, CancellationToken cancellationToken) => ValueTask.FromResult(Issue(node));

    ValueTask<bool> INodeTokenIssuer.HasTokenAsync(string node, CancellationToken cancellationToken) => ValueTask.FromResult(_hashes.ContainsKey(node));
}
