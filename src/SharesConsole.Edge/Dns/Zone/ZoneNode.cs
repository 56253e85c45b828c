using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Dns.Zone;

/// <summary>A node as the responder publishes it: its state (for intent), its public address bytes and weight.</summary>
internal sealed record ZoneNode(NodeState State, byte[] Address, int Weight);
