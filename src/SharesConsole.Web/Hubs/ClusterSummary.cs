using SharesConsole.Core.State;

namespace SharesConsole.Web.Hubs;

/// <summary>What <c>/hubs/cluster</c> sends for every new state: enough for a wall display or a script.</summary>
public sealed record ClusterSummary
{
    public required long Version { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Architecture { get; init; }

    public string? ActiveNode { get; init; }

    public long Epoch { get; init; }

    public required IReadOnlyList<NodeSummary> Nodes { get; init; }

    public OperationSummary? RunningOperation { get; init; }

    public OperationSummary? LastFailover { get; init; }

    public static ClusterSummary From(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ClusterSummary
        {
            Version = state.Version,
            At = state.At,
            Architecture = state.Topology.Settings.Architecture.ToString(),
            ActiveNode = state.Topology.ActiveNode,
            Epoch = state.Topology.Epoch,
            Nodes = [.. state.Nodes.Select(n => new NodeSummary(
                n.Name,
                n.Verdict.ToString(),
                n.IsActive,
                n.Node.Intent.ToString(),
                n.HeartbeatAge?.TotalMilliseconds,
                n.WebUp,
                n.TransferUp))],
            RunningOperation = state.RunningOperation,
            LastFailover = state.LastFailover,
        };
    }
}

/// <summary>One node of a <see cref="ClusterSummary"/>.</summary>
public sealed record NodeSummary(string Name, string Verdict, bool IsActive, string Intent, double? HeartbeatAgeMs, bool WebUp, bool TransferUp);
