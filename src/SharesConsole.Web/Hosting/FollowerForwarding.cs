using System.Diagnostics;
using System.Net;
using SharesConsole.ControlPlane.Leadership;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Web.Hosting;

/// <summary>
/// On a follower (several control planes, this one not the leader) every request but this instance's own health and
/// leadership endpoints goes to the leader: the console, the API and the hubs keep working through any instance, and
/// only the leader ever acts. The leader sees the client's address in <c>X-Forwarded-For</c> (list the followers in its
/// <c>Transport:TrustedProxies</c>). While no leader is known the answer is 503 with <c>Retry-After</c>.
/// </summary>
public sealed partial class FollowerForwarding
{
    /// <summary>Answered by each instance itself.</summary>
    private static readonly string[] LocalPaths = ["/healthz", "/readyz", "/leadership"];
    private static readonly string[] HubPaths = [SharesConsole.Core.Agents.AgentHubProtocol.Path, Edge.Remote.EdgeHubProtocol.Path];

    private readonly RequestDelegate _next;
    private readonly ILeadership _leadership;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly ILogger<FollowerForwarding> _logger;
    private readonly Edge.Diagnostics.LogThrottle _throttle;

    public FollowerForwarding(RequestDelegate next, ILeadership leadership, IHttpForwarder forwarder, TimeProvider time, ILogger<FollowerForwarding> logger)
    {
        _next = next;
        _leadership = leadership;
        _forwarder = forwarder;
        _logger = logger;
        _throttle = new Edge.Diagnostics.LogThrottle(time, TimeSpan.FromMinutes(1));
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            EnableMultipleHttp2Connections = true,
        });
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_leadership.SingleInstance || _leadership.IsLeader || LocalPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await _next(context);
            return;
        }

        if (HubPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            // Agents and edges are given every control plane and connect to the leader itself: through a follower their
            // connection would break with the leader anyway, and hang while a paused leader's lease runs out.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync($"This control plane ({_leadership.InstanceName}) is a follower; connect to the leader{(_leadership.LeaderUrl is { Length: > 0 } url ? $" at {url}" : "")}.\n");
            return;
        }

        if (_leadership.LeaderUrl is not { Length: > 0 } leader || string.Equals(_leadership.LeaderName, _leadership.InstanceName, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("No control-plane leader is elected at the moment; try again in a second.\n");
            return;
        }

        var error = await _forwarder.SendAsync(context, leader, _client, ForwarderRequestConfig.Empty, ForwardedFor.Instance);
        if (error != ForwarderError.None && _throttle.ShouldLog(error.ToString(), out var suppressed))
        {
            LogForwardFailed(_logger, leader, error, suppressed);
        }
    }

    [LoggerMessage(EventId = 5160, Level = LogLevel.Warning, Message = "Could not forward a request to the leader at {Leader}: {Error} ({Suppressed} more since the last report)")]
    private static partial void LogForwardFailed(ILogger logger, string leader, ForwarderError error, int suppressed);

    /// <summary>Default copying, with the client as this instance saw it in <c>X-Forwarded-*</c> (a client's own are dropped).</summary>
    private sealed class ForwardedFor : HttpTransformer
    {
        public static readonly ForwardedFor Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var headers = proxyRequest.Headers;
            foreach (var name in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded" })
            {
                headers.Remove(name);
            }

            var client = httpContext.Connection.RemoteIpAddress;
            headers.TryAddWithoutValidation("X-Forwarded-For", client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());
            headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
            Debug.Assert(proxyRequest.RequestUri is not null, "YARP sets the destination before the transform");
        }
    }
}
