using System.Collections.Concurrent;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Web.Edges;

/// <summary>What the control plane knows of one edge process.</summary>
public sealed record EdgeStatus
{
    public required string Name { get; init; }

    public bool Connected { get; init; }

    public string? Remote { get; init; }

    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>Last message from the edge (connect or report).</summary>
    public DateTimeOffset? LastContact { get; init; }

    public EdgeReport? LastReport { get; init; }

    /// <summary>Connected, serving, and reporting within the staleness limit.</summary>
    public bool Up { get; init; }

    public bool HoldsVip => Up && LastReport?.HoldsVip == true;
}

/// <summary>
/// The edges connected to this control plane and their last reports. A report older than <see cref="StaleAfter"/> counts
/// as no report: such an edge is shown down and no longer counted as holding the VIP.
/// </summary>
public sealed class EdgeRegistry(TimeProvider time)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _edges = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Entry(string? ConnectionId, string? Remote, DateTimeOffset? ConnectedAt, DateTimeOffset? LastContact, EdgeReport? Report, Action? Abort = null);

    public event EventHandler? Changed;

    /// <summary>Raised for every report received (the traffic totals of remote edges follow it).</summary>
    public event EventHandler<(string Edge, EdgeReport Report)>? Reported;

    public void OnConnected(string edge, string connectionId, string? remote, Action? abort = null)
    {
        var now = time.GetUtcNow();
        _edges.AddOrUpdate(edge, _ => new Entry(connectionId, remote, now, now, null, abort), (_, old) => old with { ConnectionId = connectionId, Remote = remote, ConnectedAt = now, LastContact = now, Abort = abort });
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public void OnReport(string edge, string connectionId, EdgeReport report)
    {
        var now = time.GetUtcNow();
        _edges.AddOrUpdate(edge, _ => new Entry(connectionId, null, now, now, report), (_, old) => old with { ConnectionId = connectionId, LastContact = now, Report = report });
        Reported?.Invoke(this, (edge, report));
    }

    public void OnDisconnected(string edge, string connectionId)
    {
        if (_edges.TryGetValue(edge, out var entry) && entry.ConnectionId == connectionId)
        {
            _edges.TryUpdate(edge, entry with { ConnectionId = null }, entry);
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Forgets an edge (removed by the operator) and closes its connection.</summary>
    public void Forget(string edge)
    {
        if (_edges.TryRemove(edge, out var entry))
        {
            entry.Abort?.Invoke();
        }
    }

    /// <summary>Closes the edge's connection (its token was replaced); the edge reconnects only with the new token.</summary>
    public void Disconnect(string edge)
    {
        if (_edges.TryGetValue(edge, out var entry))
        {
            entry.Abort?.Invoke();
        }
    }

    /// <summary>Every edge seen since this control plane started, by name.</summary>
    public IReadOnlyList<EdgeStatus> Snapshot()
    {
        var now = time.GetUtcNow();
        return [.. _edges.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).Select(e => Status(e.Key, e.Value, now))];
    }

    private static EdgeStatus Status(string name, Entry entry, DateTimeOffset now)
    {
        var fresh = entry.LastContact is { } contact && now - contact <= StaleAfter;
        return new EdgeStatus
        {
            Name = name,
            Connected = entry.ConnectionId is not null,
            Remote = entry.Remote,
            ConnectedAt = entry.ConnectedAt,
            LastContact = entry.LastContact,
            LastReport = entry.Report,
            Up = entry.ConnectionId is not null && fresh && entry.Report?.Serving == true,
        };
    }
}
