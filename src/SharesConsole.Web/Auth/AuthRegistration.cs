using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Api;
using SharesConsole.Web.Auth.Account;
using SharesConsole.Web.Auth.ApiKeys;
using SharesConsole.Web.Auth.RateLimits;
using SharesConsole.Web.Auth.Sessions;
using SharesConsole.Web.Auth.Users;

namespace SharesConsole.Web.Auth;

/// <summary>Cookie and API-key authentication, role policies, login rate limit.</summary>
internal static class AuthRegistration
{
    public static IServiceCollection AddSharesAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<IPasswordHasher<LocalUser>, PasswordHasher<LocalUser>>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<LoginService>();
        services.TryAddSingleton<AnonymousAccess>();
        services.TryAddSingleton<SetupCode>();
        services.TryAddSingleton<LoginSourceThrottle>();
        services.TryAddSingleton<IOperatorConsole, StandardOutputConsole>();
        services.AddHostedService<AdminSeeder>();
        services.TryAddSingleton<ISessionValidator, SessionValidator>();
        // After the razor components' own registration, so circuits get the revalidating provider.
        services.AddScoped<AuthenticationStateProvider, RevalidatingSessionStateProvider>();
        services.AddDataProtection().SetApplicationName("SharesConsole");
        services.AddOptions<KeyManagementOptions>().Configure<DataProtectionKeyStore>((keys, store) => keys.XmlRepository = new DatabaseXmlRepository(store));

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader) ? AuthSchemes.ApiKey : AuthSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, _ => { })
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = "sharesconsole.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure<IOptions<AuthOptions>>((cookie, auth) =>
            cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, MinimumRoleHandler>());
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.View, p => p.AddRequirements(new MinimumRoleRequirement(Roles.Viewer)))
            .AddPolicy(Policies.ViewSignedIn, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRoleRequirement(Roles.Viewer)))
            .AddPolicy(Policies.Operate, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRoleRequirement(Roles.Operator)))
            .AddPolicy(Policies.Administer, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRoleRequirement(Roles.Admin)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RateLimitRejection.WriteAsync(context, Limits(context.HttpContext).RateLimitWindow);
            o.AddPolicy(AccountEndpoints.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Window(Limits(context).LoginsPerMinute, Limits(context).RateLimitWindow)));
            o.AddPolicy(ApiRegistration.ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true ? "user:" + context.User.Identity.Name : "ip:" + context.Connection.RemoteIpAddress,
                _ => Window(Limits(context).RequestsPerMinute, Limits(context).RateLimitWindow)));
        });
        return services;
    }

    /// <summary>Every cookie request: the user still exists with the same role and session version, within the absolute lifetime.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionValidator>();
        if (context.Principal is null || !await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
        }
    }

    private static ApiOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };

    /// <summary>Browsers go to the login page; API and script callers get a bare status (the API adds problem details).</summary>
    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/hubs"))
        {
            // A bare status for scripts: the console's status-code pages would re-execute it into a login redirect.
            if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
