using Hangfire;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.Web.Jobs;

/// <summary>Registers the control plane's recurring Hangfire jobs through the DI-provided manager (never the static API).</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IOptions<ControlPlaneOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var controlPlane = options.Value;
        jobs.AddOrUpdate<TrafficRollup>(TrafficRollup.JobId, r => r.RollupAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<TrafficRollup>(TrafficRollup.RetentionJobId, r => r.PruneAsync(CancellationToken.None), Cron.Daily());
        Register("ControlPlane:DeepCheck:Cron", controlPlane.DeepCheck.Cron, () => jobs.AddOrUpdate<DeepHealthCheck>(DeepHealthCheck.JobId, c => c.RunAsync(CancellationToken.None), controlPlane.DeepCheck.Cron));
        if (controlPlane.Drill.Enabled)
        {
            Register("ControlPlane:Drill:Cron", controlPlane.Drill.Cron!, () => jobs.AddOrUpdate<FailoverDrill>(FailoverDrill.JobId, d => d.RunAsync(CancellationToken.None), controlPlane.Drill.Cron));
        }
        else
        {
            // A drill registered by an earlier run (persistent storage) stops when the setting is removed.
            jobs.RemoveIfExists(FailoverDrill.JobId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Hangfire parses the cron; a bad one stops startup with a message naming the key.</summary>
    private static void Register(string key, string cron, Action add)
    {
        try
        {
            add();
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(ControlPlaneOptions.SectionName, typeof(ControlPlaneOptions), [$"{key} '{cron}' is not a valid cron expression: {ex.Message}"]);
        }
    }
}
