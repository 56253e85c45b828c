using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Browser.Tests.Support;

/// <summary>Waits on the control plane's own state for a condition, with a generous cap for a loaded machine.</summary>
public static class ClusterWaits
{
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(120);

    public static Task<ClusterState> UntilAsync(this LabConsoleFixture lab, Func<ClusterState, bool> condition, string what)
    {
        var source = lab.Services.GetRequiredService<IClusterStateSource>();
        return Poll.UntilAsync(() => source.Current, condition, what, Cap, Describe);
    }

    /// <summary>Every node healthy and an active node whose active/passive services all run.</summary>
    public static Task<ClusterState> UntilAllHealthyAsync(this LabConsoleFixture lab) =>
        lab.UntilAsync(s => s.RunningOperation is null && s.Nodes.Length == 2 && s.Nodes.All(n => n.Verdict == NodeVerdict.Healthy) && s.Active is not null, "both lab nodes healthy");

    private static string Describe(ClusterState last) =>
        $"last state: active {last.Topology.ActiveNode}, " + string.Join(", ", last.Nodes.Select(n => $"{n.Name}={n.Verdict}{Why(n)}")) +
        $", running operation {last.RunningOperation?.Kind}";

    /// <summary>What keeps a node from Healthy, as the verdict rules see it.</summary>
    private static string Why(NodeSnapshot node)
    {
        var reasons = new List<string>();
        if (node.HeartbeatAge is { } age)
        {
            reasons.Add($"heartbeat {age.TotalSeconds:0.#} s ago");
        }

        reasons.AddRange(new[] { (node.WebUp, "web down"), (node.TransferUp, "transfer down"), (node.FitForActive, $"storage unfit ({node.Storage?.Status}: {node.Storage?.LastError})") }
            .Where(r => !r.Item1).Select(r => r.Item2));
        reasons.AddRange(node.Services.Values
            .Where(o => o.State is not ObservedState.Running || o.ProbeOk == false)
            .Select(o => $"{o.Service} {o.State}{(o.ProbeOk == false ? " probe failing" : "")}"));
        return $" ({string.Join("; ", reasons)})";
    }
}
