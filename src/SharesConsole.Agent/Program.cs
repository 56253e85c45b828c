using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SharesConsole.Agent.Hosting;

namespace SharesConsole.Agent;

/// <summary>The <c>SharesConsole.Agent</c> executable; a named class so hosts embedding the library keep their own <c>Program</c>.</summary>
internal static class AgentProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [Fencing.WatchdogProcess.Verb, ..])
        {
            return await Fencing.WatchdogProcess.RunAsync(args).ConfigureAwait(false);
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddJsonFile("/etc/sharesconsole/agent.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("SHARESCONSOLE_");
        // Configuration holds the token now; the processes the agent starts must not inherit it.
        SecretEnvironment.Scrub(builder.Configuration["Agent:Token"]);
        builder.Services.AddSharesAgent(builder.Configuration);
        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }
}
