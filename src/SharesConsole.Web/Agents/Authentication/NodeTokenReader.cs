using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents.Authentication;

internal static class NodeTokenReader
{
    /// <summary>The token from the node-token header, a bearer Authorization header, or the access_token query (WebSockets in browsers).</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers[AgentHubProtocol.TokenHeader].ToString() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query["access_token"].ToString() is { Length: > 0 } query ? query : null;
    }
}
