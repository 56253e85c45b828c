using Hangfire;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.Web.Webhooks;

/// <summary>Registers the recurring sweep and runs one sweep at start (deliveries left over from before a restart).</summary>
public sealed class WebhookStartup(IRecurringJobManager recurring, IBackgroundJobClient jobs, IOptions<WebhookOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<WebhookSweeper>(WebhookSweeper.RecurringJobId, s => s.SweepAsync(CancellationToken.None), options.Value.SweepCron);
        jobs.Enqueue<WebhookSweeper>(s => s.SweepAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
