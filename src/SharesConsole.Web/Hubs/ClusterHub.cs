using Microsoft.AspNetCore.SignalR;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Hubs;

/// <summary>
/// Live cluster state for external clients at <c>/hubs/cluster</c>. The server pushes
/// <c>state</c> (<see cref="ClusterSummary"/>) and <c>event</c> (<see cref="ClusterEvent"/>) to every client.
/// </summary>
public sealed class ClusterHub(IClusterStateSource state) : Hub
{
    public const string Path = "/hubs/cluster";
    public const string StateMethod = "state";
    public const string EventMethod = "event";

    /// <summary>The current summary, for a client that just connected.</summary>
    public ClusterSummary GetState() => ClusterSummary.From(state.Current);
}
