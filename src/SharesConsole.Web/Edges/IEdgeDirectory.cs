using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Edges;

/// <summary>The enrolled edges and the administrator's changes to them: a new token (enrolls or rotates) and removal.</summary>
public interface IEdgeDirectory
{
    /// <summary>Fires after this control plane enrolled an edge, replaced its token or removed it.</summary>
    event EventHandler? Changed;

    Task<IReadOnlyList<EdgeRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Enrolls the edge or gives it a new token; the old token stops working and its connection closes.</summary>
    Task<EdgeTokenIssued> IssueTokenAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>Removes the edge and revokes its token; false when there was none.</summary>
    Task<bool> RemoveAsync(string name, string actor, CancellationToken cancellationToken);
}

/// <summary>A new edge token, shown once; <see cref="Enrolled"/> when the edge was new.</summary>
public sealed record EdgeTokenIssued(string Name, string Token, bool Enrolled);
