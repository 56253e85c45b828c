namespace SharesConsole.Core.Cluster;

/// <summary>Supplies the current <see cref="ClusterTopology"/> and says when it changes. Implemented by the control plane.</summary>
public interface IClusterTopologySource
{
    ClusterTopology Current { get; }

    /// <summary>Raised after <see cref="Current"/> has been replaced.</summary>
    event EventHandler<ClusterTopology>? Changed;
}
