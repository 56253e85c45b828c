using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using SharesConsole.Data.Hosting;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Account;
using SharesConsole.Web.Metrics;

namespace SharesConsole.Web.Api;

/// <summary>
/// The automation surface: REST API under /api/v1 with OpenAPI and a reference page, authentication
/// and roles, webhooks, Prometheus metrics, rate limits and security headers.
/// </summary>
public static class ApiRegistration
{
    public const string ApiRateLimit = "api";

    public static WebApplicationBuilder AddSharesApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSharesData(builder.Configuration);
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddOpenApi("v1");
        services.TryAddSingleton<NodeEnrollment>();
        services.AddSharesAuth(builder.Configuration);
        services.AddSharesMetrics();
        return builder;
    }

    /// <summary>Security headers, API error shaping, authentication, authorization and rate limits; call before UseAntiforgery.</summary>
    public static WebApplication UseSharesSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<ApiErrorMiddleware>());
        app.UseAuthentication();
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments("/account/logout"),
            guarded => guarded.UseMiddleware<CrossSiteRequestMiddleware>());
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapSharesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.View).RequireRateLimiting(ApiRateLimit);
        api.MapClusterEndpoints()
            .MapNodesEndpoints()
            .MapEdgesEndpoints()
            .MapServicesEndpoints()
            .MapOperationsEndpoints()
            .MapEventsEndpoints()
            .MapTrafficEndpoints()
            .MapWebhooksEndpoints()
            .MapApiKeysEndpoints()
            .MapUsersEndpoints();
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        Access(app.MapOpenApi(), options.ReferenceAccess);
        Access(app.MapScalarApiReference(o => o.WithTitle("SharesConsole API")), options.ReferenceAccess);
        app.MapAccountEndpoints();
        Access(app.MapSharesMetrics(), options.MetricsAccess);
        Access(app.MapLeadership(), options.MetricsAccess);
        return app;
    }

    private static void Access(IEndpointConventionBuilder endpoint, string access)
    {
        if (string.Equals(access, EndpointAccess.Authenticated, StringComparison.OrdinalIgnoreCase))
        {
            endpoint.RequireAuthorization(Policies.ViewSignedIn);
        }
        else
        {
            endpoint.AllowAnonymous();
        }
    }
}
