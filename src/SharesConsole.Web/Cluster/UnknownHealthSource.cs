using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Cluster;

/// <summary>Used only when no edge runs in this process: without probes, heartbeats alone decide.</summary>
internal sealed class UnknownHealthSource : INodeHealthSource
{
    public event EventHandler? Changed { add { } remove { } }

    public bool IsUp(string node, PoolKind pool) => false;
}
