using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Api;

namespace SharesConsole.Web.Edges;

/// <summary>Edges in the database (<see cref="EdgeStore"/>): each change is recorded in the audit log and closes the edge's connection where its token no longer holds.</summary>
public sealed class EdgeDirectory(EdgeStore store, EdgeRegistry registry, IEventRecorder events) : IEdgeDirectory
{
    public event EventHandler? Changed;

    public Task<IReadOnlyList<EdgeRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<EdgeTokenIssued> IssueTokenAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var edge = Normalize(name);
        var token = NodeTokens.Generate();
        var enrolled = await store.SetTokenHashAsync(edge, NodeTokens.Hash(token), cancellationToken).ConfigureAwait(false);
        if (!enrolled)
        {
            registry.Disconnect(edge);
        }

        await events.RecordAsync(
            EventKinds.SettingsChanged,
            enrolled ? $"{actor} enrolled edge {edge}." : $"{actor} issued a new token for edge {edge}; the old one is revoked.",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, EventArgs.Empty);
        return new EdgeTokenIssued(edge, token, enrolled);
    }

    public async Task<bool> RemoveAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var edge = Normalize(name);
        if (!await store.RemoveAsync(edge, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        registry.Forget(edge);
        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} removed edge {edge}; its token is revoked.", cancellationToken: cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    private static string Normalize(string name) =>
        EdgeNames.IsValid(name) ? name.ToLowerInvariant() : throw new ArgumentException(EdgeNames.Rule, nameof(name));
}
