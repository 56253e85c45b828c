using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using SharesConsole.Web.Components;

namespace SharesConsole.Web.Auth.Account;

/// <summary>
/// Checks the antiforgery token of the account forms itself. The framework's own check makes a form post with a
/// missing or stale token throw (a 500); here it answers 400 with the same page and a message asking to try again.
/// </summary>
internal sealed class AccountFormAntiforgery(IAntiforgery antiforgery, Type page) : IEndpointFilter
{
    private static readonly object RejectedKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (await antiforgery.IsRequestValidAsync(http))
        {
            return await next(context);
        }

        // The form's page renders again; it reads the flag for its message and issues a fresh token.
        http.Items[RejectedKey] = true;
        return new RazorComponentResult<App>(new Dictionary<string, object?> { [nameof(App.StaticPage)] = page })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>True while rendering the answer to a form post whose token was refused.</summary>
    public static bool WasRejected(HttpContext? context) => context?.Items.ContainsKey(RejectedKey) == true;
}
