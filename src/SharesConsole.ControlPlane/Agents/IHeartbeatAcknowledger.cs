using SharesConsole.Core.Agents;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Decides what a heartbeat's ack says: the cluster epoch and whether the node holds the active lease.</summary>
public interface IHeartbeatAcknowledger
{
    HeartbeatAck Acknowledge(string node, Heartbeat heartbeat);
}
