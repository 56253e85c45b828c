namespace SharesConsole.Core.Cluster;

/// <summary>The edge's pools; TCP (SSH) and UDP (FASP) share the transfer pool so affinity holds across protocols.</summary>
public enum PoolKind
{
    Web,
    Transfer,
}
