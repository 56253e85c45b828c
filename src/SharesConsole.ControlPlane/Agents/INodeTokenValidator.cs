using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Checks a node agent's token against the hash stored when the node was enrolled.</summary>
public interface INodeTokenValidator
{
    ValueTask<bool> ValidateAsync(string node, string token, CancellationToken cancellationToken);
}
