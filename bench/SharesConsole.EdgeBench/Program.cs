using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge;
using SharesConsole.Edge.Hosting;
using SharesConsole.EdgeBench;

// Hosts the edge alone with a static topology, for bench/edge.sh. Settings: --Bench:Vip=..., --Edge:LoadBalancing=...
// Logging is the product's own (the edge writes nothing per proxied request by default): what is measured is what ships.
var started = System.Diagnostics.Stopwatch.StartNew();
EdgeRuntime.PreferInlineSocketCompletions(); // as the edge executable does
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Edge:WebProbePath"] = "/health",
    ["Edge:TransferProbePort"] = "8081",
});
builder.Configuration.AddCommandLine(args);
var bench = builder.Configuration.GetSection("Bench").Get<BenchOptions>() ?? new BenchOptions();
builder.Services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(bench.ToTopology()));
builder.Services.AddSharesEdge(builder.Configuration);
using var sampler = bench.SampleAllocations ? new AllocationSampler() : null;
sampler?.Start();
await builder.Build().RunAsync();
sampler?.Print(Console.Out);

// What the collector did over the run (in the peers' target.log): the tail of the latency is where its pauses land.
Console.WriteLine(
    $"gc: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, " +
    $"allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MiB, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms " +
    $"in {started.Elapsed.TotalSeconds:F0} s, server GC {System.Runtime.GCSettings.IsServerGC}; " +
    $"thread-pool work items {ThreadPool.CompletedWorkItemCount}, lock contentions {Monitor.LockContentionCount}");
