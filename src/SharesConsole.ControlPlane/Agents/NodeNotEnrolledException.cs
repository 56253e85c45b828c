namespace SharesConsole.ControlPlane.Agents;

/// <summary>A token was asked for a node that is not (or no longer) enrolled, for instance removed a moment before.</summary>
public sealed class NodeNotEnrolledException(string node)
    : InvalidOperationException($"Node '{node}' is not enrolled; enroll it before issuing its token.")
{
    public string Node { get; } = node;
}
