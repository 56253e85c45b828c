using SharesConsole.Core.Cluster;

namespace SharesConsole.DnsBench;

/// <summary>The benchmark measures the responder, not the prober: every node is up.</summary>
internal sealed class AlwaysUpHealth : INodeHealthSource
{
    public event EventHandler? Changed
    {
        add { }
        remove { }
    }

    public bool IsUp(string node, PoolKind pool) => true;
}
