using SharesConsole.Core.Agents;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Decides what a heartbeat's ack says: the cluster epoch and whether the node holds the active lease.</summary>
public interface IHeartbeatAcknowledger
{
    HeartbeatAck Acknowledge(string node, Heartbeat heartbeat);
}
