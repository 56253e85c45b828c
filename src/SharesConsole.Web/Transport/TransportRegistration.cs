using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Transport;

/// <summary>Forwarded headers from trusted proxies only, HSTS on HTTPS, and <c>Secure</c> cookies.</summary>
public static class TransportRegistration
{
    public static IServiceCollection AddSharesTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransportOptions>().Bind(configuration.GetSection(TransportOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransportOptions>, TransportOptionsValidator>());
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TransportOptions>>((forwarded, transport) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = transport.Value.ForwardLimit;
            // The framework trusts loopback by default; only what the operator lists is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in transport.Value.TrustedProxies)
            {
                if (NetworkText.TryParse(entry, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        services.AddHsts(_ => { });
        services.AddOptions<HstsOptions>().Configure<IOptions<TransportOptions>>((hsts, transport) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(transport.Value.HstsMaxAgeDays);
            hsts.IncludeSubDomains = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure<IOptions<TransportOptions>>((cookie, transport) =>
            cookie.Cookie.SecurePolicy = SecurePolicy(transport.Value));
        // Never Always for the form token's cookie: antiforgery throws on an HTTP request then (a 500, not a refusal).
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: everything after sees the client's address and scheme.</summary>
    public static WebApplication UseSharesTransport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var transport = app.Services.GetRequiredService<IOptions<TransportOptions>>().Value;
        if (transport.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (transport.Hsts)
        {
            app.UseHsts();
        }

        return app;
    }

    private static CookieSecurePolicy SecurePolicy(TransportOptions transport) =>
        transport.SecureCookiesAlways ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
