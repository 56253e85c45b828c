using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.State;

/// <summary>
/// One word per node. Operator intent wins (fenced, maintenance); a node is Down only when its
/// heartbeat is stale AND the edge's web probe fails, so one lost signal alone never fails a node over.
/// The transfer probe is a bare TCP connect, which a hung (SIGSTOPped) node still accepts from its
/// kernel backlog, so it does not count as evidence of life. A node whose shared storage probe made it
/// unfit for active is Degraded (it may still serve the active/active tier).
/// </summary>
public static class VerdictRules
{
    public static NodeVerdict Decide(NodeSnapshot node, ServiceCatalog catalog, bool isActive, TimeSpan heartbeatTimeout)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(catalog);
        if (node.Node.Intent.HasFlag(OperatorIntent.Fenced))
        {
            return NodeVerdict.Fenced;
        }

        if (node.Node.Intent.HasFlag(OperatorIntent.Maintenance) || node.Node.Intent.HasFlag(OperatorIntent.Disabled))
        {
            return NodeVerdict.Maintenance;
        }

        var heartbeatFresh = node.AgentConnected && node.HeartbeatAge is { } age && age <= heartbeatTimeout;
        if (!heartbeatFresh && !node.WebUp)
        {
            return NodeVerdict.Down;
        }

        if (node.Node.IsDrained)
        {
            return NodeVerdict.Draining;
        }

        if (!heartbeatFresh || !node.WebUp || !node.TransferUp || !node.FitForActive || AnyServiceFailing(node, catalog, isActive))
        {
            return NodeVerdict.Degraded;
        }

        return NodeVerdict.Healthy;
    }

    private static bool AnyServiceFailing(NodeSnapshot node, ServiceCatalog catalog, bool isActive)
    {
        foreach (var service in catalog.Services)
        {
            if (service.Kind == ServiceKind.ActivePassive && !isActive)
            {
                continue;
            }

            var observed = node.Services.GetValueOrDefault(service.Name);
            if (observed is null || observed.State is ObservedState.Failed or ObservedState.Stopped || observed.ProbeOk == false)
            {
                return true;
            }
        }

        return false;
    }
}
