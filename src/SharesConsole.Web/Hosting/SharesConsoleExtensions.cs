using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SharesConsole.ControlPlane;
using SharesConsole.ControlPlane.Leadership;
using SharesConsole.Data.Hosting;
using SharesConsole.Edge;
using SharesConsole.Edge.Dns;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Api;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Components;
using SharesConsole.Web.Configuration;
using SharesConsole.Web.Health;
using SharesConsole.Web.Hubs;
using SharesConsole.Web.Lab;
using SharesConsole.Web.Live;
using SharesConsole.Web.Transport;

namespace SharesConsole.Web.Hosting;

/// <summary>Registers and maps everything the control plane host runs.</summary>
public static class SharesConsoleExtensions
{
    public static WebApplicationBuilder AddSharesConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddOptions<HangfireOptions>().Bind(config.GetSection(HangfireOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HangfireOptions>, HangfireOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSharesData(config);
        // Hosted services from here on run only on the leader when several control planes share the database.
        var leaderOnlyFrom = services.Count;
        services.AddSharesTransport(config);
        services.AddSharesControlPlane(config);
        services.AddSharesControlPlaneHost(config);
        if (!config.GetValue("Edge:Embedded", true))
        {
            // The edges run apart: traffic figures come from their reports.
            services.TryAddSingleton<SharesConsole.Edge.Counters.IEdgeCounters, RemoteEdgeCounters>();
        }

        services.AddSharesEdge(config);
        services.AddSharesDns(config);

        services.AddSharesHangfire();
        // The edge's drain, the agent hub, the operation coordinator and Hangfire stop side by side, so a stop takes
        // as long as the slowest of them rather than their sum.
        services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        if (config["shutdownTimeoutSeconds"] is null)
        {
            // 30 s (the default) is too tight for the slowest of them on a loaded machine. Systemd allows 90 s.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        }
        services.AddHealthChecks().AddCheck<HangfireHealthCheck>("hangfire", tags: ["ready"]);

        if (config.GetValue<bool>($"{LeadershipOptions.SectionName}:Enabled"))
        {
            services.GateHostedServicesOnLeadership(leaderOnlyFrom);
            services.AddHttpForwarder();
        }

        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSharesConsoleUi();
        builder.AddSharesApi();
        return builder;
    }

    public static WebApplication UseSharesConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSharesTransport();
        if (!app.Services.GetRequiredService<ILeadership>().SingleInstance)
        {
            app.UseMiddleware<FollowerForwarding>();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        app.UseSharesSecurity();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.UseHangfireDashboard("/jobs", new DashboardOptions
        {
            DashboardTitle = "SharesConsole jobs",
            Authorization = [new HangfireAdminFilter()],
        });
        app.MapSharesClusterHub();
        app.MapSharesApi();
        app.MapSharesAgentHub();
        app.MapSharesEdgeHub();
        app.MapSharesLab();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(Policies.View);
        return app;
    }
}
