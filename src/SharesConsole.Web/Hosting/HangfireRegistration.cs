using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using SharesConsole.Web.Configuration;

namespace SharesConsole.Web.Hosting;

/// <summary>
/// Hangfire with its storage registered in DI (never the static JobStorage.Current), so several
/// hosts can live in one process and every component gets the same storage.
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
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            server.ServerName = $"sharesconsole:{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }
}
