using Microsoft.AspNetCore.Diagnostics;
using SharesConsole.Web.Api;

namespace SharesConsole.Web.Auth;

/// <summary>
/// Refuses cookie-authenticated unsafe requests (POST, PUT, PATCH, DELETE) to the API and to logout that a browser sent
/// from another site's page: <c>Sec-Fetch-Site</c> must be <c>same-origin</c> or <c>none</c>; without it, <c>Origin</c>
/// must name this host. A request with neither header is not from a (current) browser and passes, as do API-key
/// callers: they carry no ambient credential another site could borrow. Same rule as Go's CrossOriginProtection.
/// </summary>
public sealed class CrossSiteRequestMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsCrossSite(context) ? RefuseAsync(context) : next(context);
    }

    /// <summary>True for a cookie-authenticated unsafe request that a browser says came from another origin.</summary>
    public static bool IsCrossSite(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        if (!string.Equals(context.User.FindFirst(AuthSchemes.MethodClaim)?.Value, "cookie", StringComparison.Ordinal))
        {
            return false;
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        // "null" (an opaque origin: sandboxed frame, data: page) does not parse and is refused.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
            !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task RefuseAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Type = ProblemTypes.CrossSiteRequest,
                Title = "Cross-site request refused",
                Detail = "This browser request came from another site's page, so the console's sign-in cookie does not authorize it. " +
                    "Act from the console itself, or call the API with an API key (X-Api-Key).",
            },
        });
    }
}
