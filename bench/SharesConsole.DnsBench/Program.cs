using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Core.Cluster;
using SharesConsole.DnsBench;
using SharesConsole.Edge.Dns;

// Hosts the DNS responder alone with a static topology for bench/dns.sh; settings in appsettings.json or Dns__* variables.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(BenchTopology.Create()));
builder.Services.AddSingleton<INodeHealthSource, AlwaysUpHealth>();
builder.Services.AddSharesDns(builder.Configuration);
await builder.Build().RunAsync();
