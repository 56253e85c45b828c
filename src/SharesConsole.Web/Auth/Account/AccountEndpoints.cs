using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth.Sessions;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Components.Account;

namespace SharesConsole.Web.Auth.Account;

/// <summary>Form posts of the static login and setup pages, and logout.</summary>
internal static class AccountEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription().AllowAnonymous();
        // The forms check their own antiforgery token (AccountFormAntiforgery) so that a bad one gets the page back, not a 500;
        // they render statically, like the pages they came from.
        var antiforgery = app.ServiceProvider.GetRequiredService<IAntiforgery>();
        var forms = group.MapGroup("").DisableAntiforgery().WithMetadata(new ExcludeFromInteractiveRoutingAttribute()).RequireRateLimiting(LoginRateLimit);
        forms.MapPost("/login", LoginAsync).AddEndpointFilter(new AccountFormAntiforgery(antiforgery, typeof(Login)));
        forms.MapPost("/setup", SetupAsync).AddEndpointFilter(new AccountFormAntiforgery(antiforgery, typeof(Setup)));
        group.MapPost("/logout", LogoutAsync);
        return app;
    }

    /// <summary>Ends this browser's sign-in; with <c>?everywhere=true</c> every sign-in of the user (its session version goes up).</summary>
    private static async Task<IResult> LogoutAsync(HttpContext context, ILocalUserStore users, bool? everywhere, CancellationToken cancellationToken)
    {
        var user = context.User;
        if (everywhere == true && user.Identity?.IsAuthenticated == true && user.Identity.Name is { Length: > 0 } name &&
            string.Equals(user.FindFirst(AuthSchemes.MethodClaim)?.Value, "cookie", StringComparison.Ordinal))
        {
            await users.RevokeSessionsAsync(name, cancellationToken);
        }

        await context.SignOutAsync(AuthSchemes.Cookie);
        return Results.LocalRedirect("/account/login?signedOut=1");
    }

    private static async Task<IResult> LoginAsync([FromForm] LoginForm form, HttpContext context, LoginService logins, CancellationToken cancellationToken)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        var (outcome, user) = await logins.LoginAsync(form.UserName ?? "", form.Password ?? "", context.Connection.RemoteIpAddress, cancellationToken);
        if (outcome != LoginOutcome.Succeeded || user is null)
        {
            var error = outcome switch
            {
                LoginOutcome.LockedOut => "locked",
                LoginOutcome.SourceBlocked => "source",
                _ => "invalid",
            };
            return Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        await SignInAsync(context, user);
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SetupAsync([FromForm] SetupForm form, HttpContext context, ILocalUserStore users, LoginService logins, SetupCode setupCode, CancellationToken cancellationToken)
    {
        if (await users.AnyInRoleAsync(Roles.Admin, cancellationToken))
        {
            return Results.LocalRedirect("/account/login");
        }

        // The code first: without it, nothing about the other fields is revealed.
        string? error = null;
        if (!setupCode.Verify(form.SetupCode))
        {
            error = "code";
        }
        else if (!UserNames.IsValid(form.UserName))
        {
            error = "name";
        }
        else if (form.Password is null || form.Password.Length < AuthOptionsValidator.MinPasswordLength)
        {
            error = "short";
        }
        else if (form.Password != form.Confirm)
        {
            error = "mismatch";
        }

        if (error is not null)
        {
            return Results.LocalRedirect($"/account/setup?error={error}");
        }

        var user = await logins.CreateFirstAdminAsync(form.UserName!, form.Password!, cancellationToken);
        if (user is null)
        {
            // Another setup won the race, or the name is taken.
            return await users.AnyInRoleAsync(Roles.Admin, cancellationToken)
                ? Results.LocalRedirect("/account/login")
                : Results.LocalRedirect("/account/setup?error=taken");
        }

        setupCode.Retire();
        await SignInAsync(context, user);
        return Results.LocalRedirect("/");
    }

    private static Task SignInAsync(HttpContext context, LocalUser user) => context.SignInAsync(
        AuthSchemes.Cookie,
        Principals.Create(user.UserName, user.Role, AuthSchemes.Cookie, "cookie", SessionClaims.Create(user.SessionVersion, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())),
        new AuthenticationProperties { IsPersistent = false });

    /// <summary>Only same-site paths; anything else (absolute, protocol-relative) goes home.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";
}

/// <summary>The login form.</summary>
public sealed class LoginForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>The one-time setup form.</summary>
public sealed class SetupForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? Confirm { get; set; }

    /// <summary>The one-time code printed on standard output at start.</summary>
    public string? SetupCode { get; set; }
}
