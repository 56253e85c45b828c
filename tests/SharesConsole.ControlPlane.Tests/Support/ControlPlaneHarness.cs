using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Data.Hosting;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Tests.Support;

/// <summary>
/// The control-plane library's services on a real SQLite file (migrated), with the lab topology, a fake clock,
/// every node up at the edge, agents that answer nothing and a job queue on the thread pool. Hosted services are not
/// started: tests call what they exercise, or start one (<see cref="StartAsync{T}"/>). <see cref="RestartAsync"/>
/// builds a second harness on the same file, as a control-plane restart would.
/// </summary>
public sealed class ControlPlaneHarness : IAsyncDisposable
{
    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly List<IHostedService> _started = [];

    private ControlPlaneHarness(string folder, bool ownsFolder, ServiceProvider services, FakeTimeProvider time)
    {
        _folder = folder;
        _ownsFolder = ownsFolder;
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public ClusterStore Store => Get<ClusterStore>();

    public ClusterRepository Repository => Get<ClusterRepository>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static Task<ControlPlaneHarness> CreateAsync(Action<IServiceCollection>? configure = null) =>
        CreateAsync(Path.Combine(Path.GetTempPath(), "sc-cp-tests-" + Guid.NewGuid().ToString("N")), ownsFolder: true, configure);

    /// <summary>Starts the library's hosted service <typeparamref name="T"/>; it is stopped when the harness is disposed or restarted.</summary>
    public async Task<T> StartAsync<T>() where T : IHostedService
    {
        var service = Services.GetServices<IHostedService>().OfType<T>().Single();
        await service.StartAsync(CancellationToken.None);
        _started.Add(service);
        return service;
    }

    /// <summary>A new harness on the same database file; this one is disposed first (its file is kept).</summary>
    public async Task<ControlPlaneHarness> RestartAsync(Action<IServiceCollection>? configure = null)
    {
        await StopStartedAsync();
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        return await CreateAsync(_folder, _ownsFolder, configure);
    }

    private static async Task<ControlPlaneHarness> CreateAsync(string folder, bool ownsFolder, Action<IServiceCollection>? configure)
    {
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "sharesconsole.db")}",

            // The tests' webhook receivers listen on 127.0.0.1; nothing else that is not public may be reached.
            ["Webhooks:AllowedNetworks:0"] = "127.0.0.1",
        }).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<INodeHealthSource>(new AllUp())
            .AddSingleton<IAgentCommandSender>(new SilentAgents())
            .AddSingleton<IWebhookDeliveryQueue, TaskWebhookQueue>();
        services.AddSharesData(configuration);
        services.AddSharesControlPlane(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var harness = new ControlPlaneHarness(folder, ownsFolder, provider, time);
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Seeds (first start) or loads the cluster as the bootstrapper does at start-up, without resuming operations.</summary>
    public async Task LoadAsync()
    {
        await Repository.SeedIfEmptyAsync(Store.Topology, Store.Catalog, CancellationToken.None);
        Store.Load(await Repository.LoadAsync(CancellationToken.None) ?? throw new InvalidOperationException("No cluster in the database."));
    }

    public async ValueTask DisposeAsync()
    {
        await StopStartedAsync();
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the file a moment longer; the temp folder is harmless.
            }
        }
    }

    private async Task StopStartedAsync()
    {
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(CancellationToken.None);
        }

        _started.Clear();
    }

    private sealed class AllUp : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => true;
    }

    private sealed class SilentAgents : IAgentCommandSender
    {
        public AgentConnection? Find(string node) => null;

        public Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken) =>
            Task.FromResult(CommandReply.Failure(command.Id, node, CommandErrorCode.NodeNotConnected, "no agent in this test"));
    }
}
