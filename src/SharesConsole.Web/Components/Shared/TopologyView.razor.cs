using Microsoft.AspNetCore.Components;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Components.Shared;

/// <summary>The current architecture as a picture: clients, the VIP (and the DNS name for WebOnly), each node with its services.</summary>
public sealed partial class TopologyView
{
    [Parameter, EditorRequired]
    public required ClusterState State { get; set; }

    /// <summary>How SSH and FASP cross the edge ("in the kernel (nftables)" or "userspace relay"); null when not known here.</summary>
    [Parameter]
    public string? TransferPath { get; set; }

    private ClusterSettings Settings => State.Topology.Settings;

    private bool WebOnly => Settings.Architecture == ArchitectureType.WebOnly;

    private string FaspRange => Settings.Ports.FaspRangeEnd > Settings.Ports.Fasp
        ? $"{Settings.Ports.Fasp}–{Settings.Ports.FaspRangeEnd}"
        : Settings.Ports.Fasp.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The nodes the DNS responder answers with: reachable and not drained, most preferred first.</summary>
    private List<NodeSnapshot> DnsAnswers => [.. State.Nodes
        .Where(n => n.Verdict is NodeVerdict.Healthy or NodeVerdict.Degraded && !n.Node.IsDrained)
        .OrderBy(n => n.Node.Node.Preference)];

    /// <summary>Services that should run on the node or that it reports running.</summary>
    private IEnumerable<ServiceDefinition> ServicesOn(NodeSnapshot node) =>
        State.Catalog.Services.Where(s =>
            State.Placement.Entries.Any(e => e.Service == s.Name && e.Node == node.Name && e.Desired == DesiredState.Running) ||
            node.StateOf(s.Name) is ObservedState.Running or ObservedState.Starting or ObservedState.Stopping);
}
