using System.Net;
using SharesConsole.Core.Affinity;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;

namespace SharesConsole.Edge.Pools;

/// <summary>A node's SSH and FASP endpoints with their counters.</summary>
public sealed class TransferDestination(NodeDefinition node, EdgeCounters counters)
{
    public string Node { get; } = node.Name;

    public IPAddress Address { get; } = node.PrivateAddress;

    public int SshPort { get; } = node.Ports.Ssh;

    public int FaspPort { get; } = node.Ports.Fasp;

    public int Weight { get; } = node.Weight;

    public ulong Seed { get; } = RendezvousHash.HashName(node.Name);

    public NodeCounters Ssh { get; } = counters.For(node.Name, EdgeProtocol.Ssh);

    public NodeCounters Fasp { get; } = counters.For(node.Name, EdgeProtocol.Fasp);
}
