using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Data.Hosting;
using SharesConsole.Edge;
using SharesConsole.Edge.Dns;
using SharesConsole.Web.Api;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Cluster;
using SharesConsole.Web.Components;
using SharesConsole.Web.Configuration;
using SharesConsole.Web.ControlPlane;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Lab;
using SharesConsole.Web.Health;
using SharesConsole.Web.Hubs;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Hosting;

/// <summary>Registers and maps everything the control plane host runs.</summary>
public static class SharesConsoleExtensions
{
    public static WebApplicationBuilder AddSharesConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddOptions<LabOptions>().Bind(config.GetSection(LabOptions.SectionName));
        services.AddOptions<ClusterOptions>().Bind(config.GetSection(ClusterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.AddOptions<HangfireOptions>().Bind(config.GetSection(HangfireOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HangfireOptions>, HangfireOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSharesData(config);
        services.TryAddSingleton(sp => new InMemoryTopologySource(ConfiguredTopology(sp)));
        services.TryAddSingleton<IClusterTopologySource>(sp => sp.GetRequiredService<InMemoryTopologySource>());
        services.TryAddSingleton(_ => new CatalogHolder(LabDefaults.Catalog));
        services.AddOptions<ControlPlaneOptions>().Bind(config.GetSection(ControlPlaneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>());
        services.AddSharesControlPlane(config);
        services.AddSharesEdge(config);
        services.AddSharesDns(config);
        services.TryAddSingleton<AgentReportStore>();
        services.TryAddSingleton<OperationTracker>();
        services.TryAddSingleton<ClusterEventFeed>();
        services.TryAddSingleton<IClusterEventFeed>(sp => sp.GetRequiredService<ClusterEventFeed>());
        services.TryAddSingleton(sp => new ClusterStatePublisher(InitialState(sp)));
        services.TryAddSingleton<IClusterStateSource>(sp => sp.GetRequiredService<ClusterStatePublisher>());
        services.TryAddSingleton<IEventRecorder, InMemoryEventRecorder>();
        services.TryAddSingleton<IOperationLauncher, PendingOperationLauncher>();
        services.TryAddSingleton<IClusterCommands, ClusterCommands>();
        services.TryAddSingleton<ClusterStateRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterStateRefresher>());

        services.AddSharesHangfire();
        if (config["shutdownTimeoutSeconds"] is null)
        {
            // The stop budget is shared, one after the other, by the edge's drain, the agent hub, the operation
            // coordinator and Hangfire: 30 s (the default) is too tight on a loaded machine. Systemd allows 90 s.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        }
        services.AddHealthChecks().AddCheck<HangfireHealthCheck>("hangfire", tags: ["ready"]);

        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSharesConsoleUi();
        builder.AddSharesApi();
        return builder;
    }

    public static WebApplication UseSharesConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
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
        app.MapSharesLab();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(Policies.View);
        return app;
    }

    private static ClusterState InitialState(IServiceProvider sp) => ClusterStateBuilder.Build(
        0,
        sp.GetRequiredService<TimeProvider>().GetUtcNow(),
        sp.GetRequiredService<IClusterTopologySource>().Current,
        sp.GetRequiredService<CatalogHolder>().Current,
        new Dictionary<string, AgentReport>(),
        sp.GetRequiredService<INodeHealthSource>(),
        TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.HeartbeatTimeoutMs));

    private static ClusterTopology ConfiguredTopology(IServiceProvider sp)
    {
        var errors = new List<string>();
        var lab = sp.GetRequiredService<IOptions<LabOptions>>().Value;
        var topology = ClusterConfiguration.TryBuild(sp.GetRequiredService<IOptions<ClusterOptions>>().Value, lab.Enabled, errors);
        return topology ?? throw new OptionsValidationException(ClusterOptions.SectionName, typeof(ClusterOptions), errors);
    }
}
