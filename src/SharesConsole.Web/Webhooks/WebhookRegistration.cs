using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SharesConsole.Web.Webhooks;

internal static class WebhookRegistration
{
    public static IServiceCollection AddSharesWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.RetryBaseSeconds is >= 1 and <= 3600, "Webhooks:RetryBaseSeconds must be between 1 and 3600.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 30, "Webhooks:MaxAttempts must be between 1 and 30.")
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 120, "Webhooks:TimeoutSeconds must be between 1 and 120.")
            .Validate(o => o.PollIntervalMs is >= 50 and <= 60_000, "Webhooks:PollIntervalMs must be between 50 and 60000.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDeliveryJob.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddTransient<WebhookDeliveryJob>();
        services.TryAddTransient<WebhookSweeper>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService<WebhookStartup>();
        return services;
    }
}
