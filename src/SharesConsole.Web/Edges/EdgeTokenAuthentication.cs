using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Data.Stores;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Agents.Authentication;
using SharesConsole.Web.Logging;

namespace SharesConsole.Web.Edges;

/// <summary>The edge-token scheme and policy: only <c>/hubs/edges</c> uses them, and that hub accepts nothing else.</summary>
public static class EdgeTokenDefaults
{
    public const string Scheme = "SharesConsole.EdgeToken";
    public const string Policy = "sc.edge";
    public const string EdgeClaim = "sc:edge";
}

/// <summary>
/// Authenticates an edge process by <c>?edge=</c> and its token (header or bearer), checked against the hash in the
/// database. The principal carries the edge name and no role, so no console or API policy accepts it.
/// </summary>
public sealed partial class EdgeTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    EdgeStore edges,
    EdgeTokenRejections rejections) : HubTokenAuthenticationHandler(options, loggerFactory, encoder, "edges")
{
    private const int MaxEdgeName = 63;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = NodeTokenReader.Read(Request, EdgeHubProtocol.TokenHeader);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var edge = Request.Query[EdgeHubProtocol.EdgeQuery].ToString().ToLowerInvariant();
        var valid = !string.IsNullOrWhiteSpace(edge) && edge.Length <= MaxEdgeName
            && await edges.GetTokenHashAsync(edge, Context.RequestAborted).ConfigureAwait(false) is { } hash
            && NodeTokens.Matches(token, hash);
        if (!valid)
        {
            if (rejections.Throttle.ShouldLog("rejected", out var suppressed))
            {
                LogRejected(Logger, UntrustedText.ForLog(edge, MaxEdgeName), Context.Connection.RemoteIpAddress?.ToString(), suppressed);
            }

            return AuthenticateResult.Fail("The edge name or its token is not valid.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, edge), new Claim(EdgeTokenDefaults.EdgeClaim, edge), new Claim(Auth.AuthSchemes.MethodClaim, "edge-token")],
            EdgeTokenDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), EdgeTokenDefaults.Scheme));
    }

    [LoggerMessage(EventId = 5150, Level = LogLevel.Warning, Message = "Rejected an edge connection for '{Edge}' from {Remote}: missing or invalid token ({Suppressed} more rejected since the last report)")]
    private static partial void LogRejected(ILogger logger, string edge, string? remote, int suppressed);
}

/// <summary>Refused edge connections are logged once a minute with the count of the others.</summary>
public sealed class EdgeTokenRejections(TimeProvider time)
{
    public LogThrottle Throttle { get; } = new(time, TimeSpan.FromMinutes(1));
}
