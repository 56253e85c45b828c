using SharesConsole.Core.State;

namespace SharesConsole.Web.Api.Models;

/// <summary>The cluster at a glance.</summary>
public sealed record ClusterDto(
    string Architecture,
    string? ActiveNode,
    long Epoch,
    long StateVersion,
    DateTimeOffset At,
    OperationDto? RunningOperation,
    OperationDto? LastFailover)
{
    public static ClusterDto From(ClusterState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Topology.Settings.Architecture.ToString(), s.Topology.ActiveNode, s.Topology.Epoch, s.Version, s.At,
            OperationDto.FromNullable(s.RunningOperation), OperationDto.FromNullable(s.LastFailover));
    }
}

public sealed record ArchitectureDto(string? Architecture);

public sealed record ActiveNodeDto(string? ActiveNode, long Epoch);

public sealed record EpochDto(long Epoch);
