using System.Collections.Immutable;

namespace SharesConsole.Core.Placement;

/// <summary>Desired state of every catalog service on every node.</summary>
public sealed class PlacementPlan
{
    private readonly ImmutableDictionary<(string Service, string Node), DesiredState> _index;

    internal PlacementPlan(ImmutableArray<ServicePlacement> entries, string? activeNode, bool activeUnavailable)
    {
        Entries = entries;
        ActiveNode = activeNode;
        ActiveUnavailable = activeUnavailable;
        _index = entries.ToImmutableDictionary(
            e => (e.Service, e.Node),
            e => e.Desired,
            new ServiceNodeComparer());
    }

    public ImmutableArray<ServicePlacement> Entries { get; }

    public string? ActiveNode { get; }

    /// <summary>True when the active/passive group has no healthy home: no active node, or it is down, fenced, in maintenance or unfit for active (its shared storage fails).</summary>
    public bool ActiveUnavailable { get; }

    public DesiredState this[string service, string node] =>
        _index.TryGetValue((service, node), out var state)
            ? state
            : throw new KeyNotFoundException($"No placement for service '{service}' on node '{node}'.");

    public IEnumerable<ServicePlacement> ForNode(string node) =>
        Entries.Where(e => string.Equals(e.Node, node, StringComparison.OrdinalIgnoreCase));

    private sealed class ServiceNodeComparer : IEqualityComparer<(string Service, string Node)>
    {
        public bool Equals((string Service, string Node) x, (string Service, string Node) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Service, y.Service) &&
            StringComparer.OrdinalIgnoreCase.Equals(x.Node, y.Node);

        public int GetHashCode((string Service, string Node) obj) =>
            HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Service),
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Node));
    }
}
