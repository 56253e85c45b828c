namespace SharesConsole.Core.Cluster;

/// <summary>Probe verdicts per node and pool. Implemented by the edge's health prober.</summary>
public interface INodeHealthSource
{
    /// <summary>True when the node's probes for <paramref name="pool"/> currently pass (after rise/fall).</summary>
    bool IsUp(string node, PoolKind pool);

    /// <summary>Raised after any verdict changed.</summary>
    event EventHandler? Changed;
}
