namespace SharesConsole.Web.Agents.Authentication;

/// <summary>
/// The node-token authentication scheme and policy. Only <c>/hubs/agents</c> uses them, and that hub accepts
/// nothing else: a node token is no credential anywhere else, an API key or console login is none here.
/// </summary>
public static class NodeTokenDefaults
{
    public const string Scheme = "SharesConsole.NodeToken";
    public const string Policy = "sc.agent";

    /// <summary>Claim carrying the authenticated node's name.</summary>
    public const string NodeClaim = "sc:node";
}
