using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Health;

/// <summary>One active check of a node for a pool.</summary>
public interface IHealthProbe
{
    /// <summary>Returns null when the node passes, otherwise the reason it failed.</summary>
    Task<string?> ProbeAsync(NodeDefinition node, PoolKind pool, TimeSpan timeout, CancellationToken cancellationToken);
}
