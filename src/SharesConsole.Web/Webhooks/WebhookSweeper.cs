using Hangfire;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.Web.Webhooks;

/// <summary>The recurring Hangfire job (and the one at start) that runs the control plane's <see cref="WebhookSweep"/>.</summary>
public sealed class WebhookSweeper(WebhookSweep sweep)
{
    public const string RecurringJobId = "webhooks-sweep";

    [AutomaticRetry(Attempts = 0)]
    public Task SweepAsync(CancellationToken cancellationToken) => sweep.SweepAsync(cancellationToken);
}
