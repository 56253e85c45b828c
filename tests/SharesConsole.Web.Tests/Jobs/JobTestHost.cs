using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Jobs;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Jobs;

/// <summary>
/// A control plane of its own (no lab listeners, no agents) whose cluster state the test sets, so the
/// recurring jobs can be run against any picture and their events followed to the database and webhooks.
/// </summary>
/// <param name="recurringJobs">
/// False when the test drives a job by hand: the recurring jobs are then never registered, so Hangfire cannot run
/// the same job (and advance the same state) behind the test's back.
/// </param>
/// <param name="parkOperations">
/// True to keep every started operation live (its runner waits until shutdown), for tests about what may start
/// while another operation is live: without agents a real run fails within milliseconds and frees the slot.
/// </param>
public sealed class JobTestHost(IReadOnlyDictionary<string, string>? settings = null, bool recurringJobs = true, bool parkOperations = false) : WebApplicationFactory<Program>
{
    private readonly string _data = Directory.CreateTempSubdirectory("sharesconsole-jobs-").FullName;

    public SettableStateSource State { get; } = new(TestStates.Build());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in ConsoleAppFixture.Settings(_data))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Edge:Enabled", "false");
        builder.UseSetting("Dns:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClusterStateSource>();
            services.AddSingleton<IClusterStateSource>(State);
            if (parkOperations)
            {
                services.RemoveAll<IOperationRunner>();
                services.AddSingleton<IOperationRunner, ParkedRunner>();
            }

            if (!recurringJobs)
            {
                var registrar = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RecurringJobsRegistrar));
                services.Remove(registrar);
            }
        });
    }

    /// <summary>
    /// The recurring jobs once the registrar has run: it registers after the host reports ready, so poll until
    /// <paramref name="until"/> holds (a generous cap only keeps a broken registrar from hanging the suite).
    /// </summary>
    public Task<List<RecurringJobDto>> RecurringJobsAsync(Func<List<RecurringJobDto>, bool> until, string what)
    {
        var storage = Services.GetRequiredService<Hangfire.JobStorage>();
        return Poll.UntilAsync(
            () =>
            {
                using var connection = storage.GetConnection();
                return connection.GetRecurringJobs();
            },
            until,
            what,
            TimeSpan.FromSeconds(60),
            jobs => "recurring jobs: " + string.Join(", ", jobs.Select(j => $"{j.Id} ({j.Cron})")));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is harmless.
        }
    }
}

/// <summary>An operation runner that never runs anything: the operation stays live until the host stops.</summary>
internal sealed class ParkedRunner : IOperationRunner
{
    public Task RunAsync(Guid operationId, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
