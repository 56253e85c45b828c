using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Placement;

/// <summary>
/// Decides where every service should run: active/active services on every node that is not
/// down, fenced or in maintenance; active/passive services on the active node only, and only
/// while it can host them (up, and its shared storage not failing: an unfit active node stops the group there,
/// and the failover monitor moves it).
/// </summary>
public static class PlacementPlanner
{
    public static PlacementPlan Compute(ServiceCatalog catalog, IReadOnlyList<NodeCondition> nodes, string? activeNode)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(nodes);
        Validate(nodes, activeNode);

        var active = activeNode is null
            ? null
            : nodes.First(n => string.Equals(n.Name, activeNode, StringComparison.OrdinalIgnoreCase));
        var activeUsable = active?.CanHostActive == true;

        var entries = new List<ServicePlacement>(catalog.Services.Length * nodes.Count);
        foreach (var service in catalog.Services)
        {
            foreach (var node in nodes)
            {
                entries.Add(new ServicePlacement(service.Name, node.Name, Decide(service, node, activeUsable && ReferenceEquals(node, active))));
            }
        }

        return new PlacementPlan([.. entries], active?.Name, !activeUsable);
    }

    private static DesiredState Decide(ServiceDefinition service, NodeCondition node, bool isUsableActive)
    {
        if (node.Verdict == NodeVerdict.Maintenance)
        {
            return DesiredState.Unmanaged;
        }

        if (node.Verdict == NodeVerdict.Fenced)
        {
            return DesiredState.Stopped;
        }

        return service.Kind switch
        {
            ServiceKind.ActiveActive => node.Verdict == NodeVerdict.Down ? DesiredState.Stopped : DesiredState.Running,
            _ => isUsableActive ? DesiredState.Running : DesiredState.Stopped,
        };
    }

    private static void Validate(IReadOnlyList<NodeCondition> nodes, string? activeNode)
    {
        var errors = new List<string>();
        if (nodes.Count == 0)
        {
            errors.Add("No nodes: placement needs at least one node.");
        }

        if (nodes.Any(n => string.IsNullOrWhiteSpace(n.Name)))
        {
            errors.Add("A node has an empty name.");
        }

        foreach (var group in nodes.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Node name '{group.Key}' appears {group.Count()} times; node names must be unique.");
        }

        if (activeNode is not null && !nodes.Any(n => string.Equals(n.Name, activeNode, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"Active node '{activeNode}' is not one of the cluster's nodes ({string.Join(", ", nodes.Select(n => n.Name))}).");
        }

        if (errors.Count > 0)
        {
            throw new PlacementException(errors);
        }
    }
}
