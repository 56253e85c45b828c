using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents.Authentication;

/// <summary>Reads the token of a node agent or an edge process from a request.</summary>
internal static class NodeTokenReader
{
    /// <summary>The token from the node-token header or a bearer Authorization header; never from the query string (URLs end up in logs).</summary>
    public static string? Read(HttpRequest request, string tokenHeader = AgentHubProtocol.TokenHeader)
    {
        if (request.Headers[tokenHeader].ToString() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return null;
    }
}
