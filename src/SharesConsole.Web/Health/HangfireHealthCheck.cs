using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SharesConsole.Web.Health;

/// <summary>Ready when the job storage answers and at least one Hangfire server is registered.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage, SharesConsole.ControlPlane.Leadership.ILeadership? leadership = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (leadership is { SingleInstance: false, IsLeader: false })
        {
            // A follower runs no job server (the leader does): it is ready to forward and to take over.
            return Task.FromResult(HealthCheckResult.Healthy("follower: jobs run on the leader"));
        }

        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s)")
                : HealthCheckResult.Unhealthy("No Hangfire server is running."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable.", ex));
        }
    }
}
