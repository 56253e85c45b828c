using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Hosting;
using SharesConsole.Data.Stores;
using SharesConsole.DbBench;

// Commits per second on the control plane's SQLite store with synchronous NORMAL and FULL (docs/BENCHMARKS.md).
// Usage: dotnet SharesConsole.DbBench.dll [seconds per measurement, default 5] [folder for the database files, default the temp folder]
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var root = args.Length > 1 ? args[1] : Path.GetTempPath();
Console.WriteLine($"{seconds} s per measurement, database under {root}, {Environment.ProcessorCount} cores");
Console.WriteLine("| synchronous | operation | commits | per second | mean ms |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var level in new[] { "NORMAL", "FULL", "NORMAL", "FULL" })
{
    var folder = Path.Combine(root, "sc-dbbench-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(folder);
    try
    {
        await RunAsync(level, folder, TimeSpan.FromSeconds(seconds));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

async Task RunAsync(string level, string folder, TimeSpan duration)
{
    var options = new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" };
    var builder = DatabaseConfigurator.Configure(new DbContextOptionsBuilder<SharesDbContext>(), options).AddInterceptors(new SyncOverride(level));
    var factory = new PooledDbContextFactory<SharesDbContext>((DbContextOptions<SharesDbContext>)builder.Options);
    await using (var db = await factory.CreateDbContextAsync())
    {
        await db.Database.MigrateAsync();
        await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode = WAL").ToListAsync();
        var actual = await db.Database.SqlQueryRaw<int>("PRAGMA synchronous").ToListAsync();
        if (actual.Single() != (level == "FULL" ? 2 : 1))
        {
            throw new InvalidOperationException($"synchronous is {actual.Single()}, not {level}");
        }
    }

    var repository = new ClusterRepository(factory, TimeProvider.System);
    await repository.SeedIfEmptyAsync(Topology(), ServiceCatalog.Default, CancellationToken.None);
    var epoch = 1L;
    Report(level, "epoch raise (compare-and-set)", await MeasureAsync(duration, async () =>
    {
        var (result, _) = await repository.RaiseEpochAsync(epoch, epoch % 2 == 0 ? "node-1" : "node-2", CancellationToken.None);
        if (result != EpochRaise.Raised)
        {
            throw new InvalidOperationException($"raise from {epoch}: {result}");
        }

        epoch++;
    }));

    var events = new EventStore(factory);
    Report(level, "event append (audit log)", await MeasureAsync(duration, () => events.AppendAsync(
        new ClusterEvent { Time = DateTimeOffset.UtcNow, Kind = EventKinds.NodeDrained, Node = "node-1", Message = "bench" }, null, CancellationToken.None)));
}

static async Task<(int Count, TimeSpan Elapsed)> MeasureAsync(TimeSpan duration, Func<Task> commit)
{
    var clock = Stopwatch.StartNew();
    var count = 0;
    while (clock.Elapsed < duration)
    {
        await commit();
        count++;
    }

    return (count, clock.Elapsed);
}

static void Report(string level, string operation, (int Count, TimeSpan Elapsed) run) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {level} | {operation} | {run.Count} | {run.Count / run.Elapsed.TotalSeconds:F0} | {run.Elapsed.TotalMilliseconds / run.Count:F2} |"));

static ClusterTopology Topology() => new()
{
    Settings = new ClusterSettings { Vip = IPAddress.Parse("127.0.0.10") },
    Nodes = [new NodeState(Node("node-1", "127.0.0.11")), new NodeState(Node("node-2", "127.0.0.12"))],
    Epoch = 1,
};

static NodeDefinition Node(string name, string address) => new()
{
    Name = name,
    ManagementAddress = IPAddress.Parse(address),
    PublicAddress = IPAddress.Parse(address),
    PrivateAddress = IPAddress.Parse(address),
};
