using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Web.Logging;

namespace SharesConsole.Web.Agents.Authentication;

/// <summary>
/// Authenticates a node agent by <c>?node=</c> and its token (bearer or the node-token header).
/// The principal carries the node name and no role, so no console or API policy ever accepts it.
/// </summary>
public sealed partial class NodeTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    INodeTokenValidator tokens,
    NodeTokenRejections rejections) : HubTokenAuthenticationHandler(options, loggerFactory, encoder, "agents")
{
    private const int MaxNodeName = 63;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = NodeTokenReader.Read(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var node = Request.Query[AgentHubProtocol.NodeQuery].ToString();
        if (string.IsNullOrWhiteSpace(node) || node.Length > MaxNodeName
            || !await tokens.ValidateAsync(node, token, Context.RequestAborted).ConfigureAwait(false))
        {
            if (rejections.Throttle.ShouldLog("rejected", out var suppressed))
            {
                LogRejected(Logger, UntrustedText.ForLog(node, MaxNodeName), Context.Connection.RemoteIpAddress?.ToString(), suppressed);
            }

            return AuthenticateResult.Fail("The node name or its token is not valid.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, node), new Claim(NodeTokenDefaults.NodeClaim, node), new Claim(Auth.AuthSchemes.MethodClaim, "node-token")],
            NodeTokenDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), NodeTokenDefaults.Scheme));
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Rejected an agent connection for node '{Node}' from {Remote}: missing or invalid token ({Suppressed} more rejected since the last report)")]
    private static partial void LogRejected(ILogger logger, string node, string? remote, int suppressed);
}

/// <summary>Refused agent connections are logged once a minute with the count of the others: a flood of bad tokens is one line.</summary>
public sealed class NodeTokenRejections(TimeProvider time)
{
    public LogThrottle Throttle { get; } = new(time, TimeSpan.FromMinutes(1));
}
