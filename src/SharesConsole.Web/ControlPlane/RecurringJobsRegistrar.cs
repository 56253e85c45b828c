using Hangfire;

namespace SharesConsole.Web.ControlPlane;

/// <summary>Registers the control plane's recurring Hangfire jobs through the DI-provided manager (never the static API).</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<TrafficRollup>(TrafficRollup.JobId, r => r.RollupAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<TrafficRollup>(TrafficRollup.RetentionJobId, r => r.PruneAsync(CancellationToken.None), Cron.Daily());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
