using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge;
using SharesConsole.Edge.Hosting;
using SharesConsole.EdgeBench;

// Hosts the edge alone with a static topology, for bench/edge.sh. Settings: --Bench:Vip=..., --Edge:LoadBalancing=...
// Logging is the product's own (the edge writes nothing per proxied request by default): what is measured is what ships.
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
await builder.Build().RunAsync();
