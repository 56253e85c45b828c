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
        $"last state: active {last.Topology.ActiveNode}, " + string.Join(", ", last.Nodes.Select(n => $"{n.Name}={n.Verdict}")) +
        $", running operation {last.RunningOperation?.Kind}";
}
