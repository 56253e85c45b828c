using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Registers webhook delivery from the durable event log: the dispatcher (events after the outbox cursor turned into
/// deliveries), the deliverer (one webhook's line in event order, signed, retried with backoff) and the sweep. The
/// host adds an <see cref="IWebhookDeliveryQueue"/> (its job queue) and runs <see cref="WebhookSweep"/> on a schedule.
/// </summary>
public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddSharesWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<WebhookOptions>, LabWebhookTargets>());
        services.TryAddSingleton<WebhookTargetPolicy>();
        services.TryAddSingleton<IWebhookAddressResolver, DnsWebhookAddressResolver>();

        // Every connection goes to the address the deliverer checked (WebhookTarget); never a redirect, never a proxy.
        services.AddHttpClient(WebhookDeliverer.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = WebhookTarget.ConnectAsync,
            });
        services.TryAddTransient<WebhookDeliverer>();
        services.TryAddTransient<WebhookSweep>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
