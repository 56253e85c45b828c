using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.Web.Webhooks;

internal static class WebhookRegistration
{
    /// <summary>Runs the control plane's webhook delivery as Hangfire jobs, with the recurring sweep.</summary>
    public static IServiceCollection AddSharesWebhookJobs(this IServiceCollection services)
    {
        services.TryAddSingleton<IWebhookDeliveryQueue, HangfireWebhookQueue>();
        services.TryAddTransient<WebhookDeliveryJob>();
        services.TryAddTransient<WebhookSweeper>();
        services.AddHostedService<WebhookStartup>();
        return services;
    }
}
