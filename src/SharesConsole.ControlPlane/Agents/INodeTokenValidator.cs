namespace SharesConsole.ControlPlane.Agents;

/// <summary>Checks a node agent's token against the hash stored when the node was enrolled.</summary>
public interface INodeTokenValidator
{
    ValueTask<bool> ValidateAsync(string node, string token, CancellationToken cancellationToken);
}
