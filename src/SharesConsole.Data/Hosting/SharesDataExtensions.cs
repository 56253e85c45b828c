using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Hosting;

public static class SharesDataExtensions
{
    /// <summary>
    /// Binds and validates <c>Database</c>, registers a pooled <see cref="IDbContextFactory{SharesDbContext}"/>
    /// for the configured provider, the stores, and the startup <see cref="DatabaseMigrator"/>.
    /// Register it before hosted services that read the database: hosted services start in order.
    /// </summary>
    public static IServiceCollection AddSharesData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(DatabaseMigrator)))
        {
            return services;
        }

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddPooledDbContextFactory<SharesDbContext>(
            (sp, builder) => DatabaseConfigurator.Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));

        services.TryAddSingleton<ClusterRepository>();
        services.TryAddSingleton<DataProtectionKeyStore>();
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<EdgeStore>();
        services.TryAddSingleton<LeaderLeaseStore>();
        services.TryAddSingleton<NodeTokenStore>();
        services.TryAddSingleton<OperationStore>();
        services.TryAddSingleton<TrafficStore>();
        services.TryAddSingleton<WebhookOutboxStore>();
        services.TryAddSingleton<IApiKeyStore, ApiKeyStore>();
        services.TryAddSingleton<ILocalUserStore, LocalUserStore>();
        services.TryAddSingleton<WebhookStore>();
        services.TryAddSingleton<IWebhookStore>(sp => sp.GetRequiredService<WebhookStore>());

        // Webhook secrets are encrypted with the host's Data Protection key ring (where the keys live is the host's choice).
        services.AddDataProtection();
        services.TryAddSingleton<WebhookSecretProtector>();

        services.TryAddSingleton<DatabaseMigrator>();
        // First of all hosted services: Data Protection's own loads the key ring (kept in this database) at start, and on
        // a fresh database the tables must exist by then.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService>(sp => sp.GetRequiredService<DatabaseMigrator>()));
        return services;
    }
}
