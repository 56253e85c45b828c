using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Edge.Web;

/// <summary>Copies headers like the default transformer and adds the affinity cookie when the node differs from the client's cookie.</summary>
internal sealed class AffinityTransformer(string cookieName) : HttpTransformer
{
    public const string NodeItem = "SharesEdge.AffinityNode";

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (httpContext.Items.TryGetValue(NodeItem, out var node) && node is string name)
        {
            httpContext.Response.Cookies.Append(cookieName, name, new CookieOptions
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
