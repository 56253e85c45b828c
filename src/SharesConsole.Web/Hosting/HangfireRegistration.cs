using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using SharesConsole.Web.Configuration;

namespace SharesConsole.Web.Hosting;

/// <summary>
/// Hangfire with its storage and job activator registered in DI (never the static JobStorage.Current and
/// JobActivator.Current, which the last host to start would own), so several hosts can live in one process and
/// each runs its jobs with its own services; Hangfire's own logs go to a live host (<see cref="HangfireLogRouting"/>).
/// </summary>
internal static class HangfireRegistration
{
    public static IServiceCollection AddSharesHangfire(this IServiceCollection services)
    {
        services.AddSingleton<JobStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            var poll = TimeSpan.FromMilliseconds(options.QueuePollIntervalMs);
            if (options.Storage == "InMemory")
            {
                return new InMemoryStorage(new InMemoryStorageOptions());
            }

            var path = Path.GetFullPath(options.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = poll });
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton(sp => new HangfireLogRouting.Link(sp.GetRequiredService<ILoggerFactory>()));
        services.AddHangfire((sp, config) =>
        {
            // Resolving the link puts this host in the routing; the container disposes it with the host.
            sp.GetRequiredService<HangfireLogRouting.Link>();
            config.UseLogProvider(HangfireLogRouting.Instance)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);

            // Hangfire gives up on a job that ignores its cancellation well inside the host's stop budget (its jobs
            // are idempotent and re-queued; operations do not run here).
            server.ShutdownTimeout = TimeSpan.FromSeconds(10);
            server.ServerName = $"sharesconsole:{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }
}
