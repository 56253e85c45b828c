using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.State;
using SharesConsole.Lab;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Jobs;
using SharesConsole.Web.Webhooks;

namespace SharesConsole.Web.Hosting;

/// <summary>What this host adds to the control-plane library: the agent hub, the scheduled jobs, webhook delivery as jobs and (in lab mode) the embedded lab nodes.</summary>
public static class ControlPlaneHostExtensions
{
    public static IServiceCollection AddSharesControlPlaneHost(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSharesAgentHub();
        services.AddSharesEdgeHub();
        services.TryAddSingleton<TrafficRollup>();
        services.TryAddSingleton<DeepHealthCheck>();
        services.TryAddSingleton<FailoverDrill>();
        services.TryAddSingleton<ScheduledSwitchovers>();
        services.TryAddSingleton<ISwitchoverSchedule>(sp => sp.GetRequiredService<ScheduledSwitchovers>());
        services.TryAddTransient<ScheduledSwitchoverJob>();
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddSharesWebhookJobs();

        var lab = configuration.GetSection(LabOptions.SectionName).Get<LabOptions>() ?? new LabOptions();
        if (lab.Enabled && lab.Agents)
        {
            services.AddSharesLabAgents();
            services.AddSingleton<ILabControl, LabControl>();
        }

        return services;
    }
}
