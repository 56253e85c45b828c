using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SharesConsole.Agent.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddJsonFile("/etc/sharesconsole/agent.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables("SHARESCONSOLE_");
builder.Services.AddSharesAgent(builder.Configuration);
await builder.Build().RunAsync();
