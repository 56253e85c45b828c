using Microsoft.AspNetCore.Http;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Pools;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Edge.Web;

/// <summary>
/// Copies headers like YARP's default transformer and tells the node who the client is (<c>X-Forwarded-For/Proto/Host</c>:
/// a client's own values are dropped unless it is a trusted proxy, whose are extended); counts response bytes for the
/// node (Content-Length when known, a counting stream for chunked bodies) and adds the affinity cookie when the request
/// was placed by the balancer.
/// </summary>
internal sealed class EdgeTransformer(string? affinityCookie, TrustedNetworks trustedProxies) : HttpTransformer
{
    public const string NodeItem = "SharesEdge.AffinityNode";

    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var request = httpContext.Request;
        var client = httpContext.Connection.RemoteIpAddress;
        var trusted = trustedProxies.Contains(client);
        var headers = proxyRequest.Headers;
        var earlierFor = trusted ? request.Headers[ForwardedFor].ToString() : "";
        var proto = trusted && request.Headers[ForwardedProto].ToString() is { Length: > 0 } p ? p : request.Scheme;
        var host = trusted && request.Headers[ForwardedHost].ToString() is { Length: > 0 } h ? h : request.Host.Value;
        foreach (var name in new[] { ForwardedFor, ForwardedProto, ForwardedHost, "Forwarded" })
        {
            headers.Remove(name);
        }

        var address = client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
        headers.TryAddWithoutValidation(ForwardedFor, earlierFor.Length > 0 ? $"{earlierFor}, {address}" : address);
        headers.TryAddWithoutValidation(ForwardedProto, proto);
        if (!string.IsNullOrEmpty(host))
        {
            headers.TryAddWithoutValidation(ForwardedHost, host);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var node = httpContext.Features.Get<WebDestination>();
        if (node is not null && proxyResponse is not null)
        {
            if (proxyResponse.Content.Headers.ContentLength is { } length)
            {
                node.Counters.Out(length);
            }
            else
            {
                httpContext.Response.Body = new CountingStream(httpContext.Response.Body, node.Counters);
            }
        }

        if (affinityCookie is not null && httpContext.Items.TryGetValue(NodeItem, out var placed) && placed is string name)
        {
            httpContext.Response.Cookies.Append(affinityCookie, name, new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = httpContext.Request.IsHttps,
            });
        }

        return proceed;
    }
}
