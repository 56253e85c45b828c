using Microsoft.AspNetCore.Http;
using SharesConsole.Edge.Pools;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Edge.Web;

/// <summary>
/// Copies headers like YARP's default transformer, counts response bytes for the node (Content-Length when known,
/// a counting stream for chunked bodies) and adds the affinity cookie when the request was placed by the balancer.
/// </summary>
internal sealed class EdgeTransformer(string? affinityCookie) : HttpTransformer
{
    public const string NodeItem = "SharesEdge.AffinityNode";

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
