using Microsoft.Extensions.Time.Testing;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Support;

internal static class AgentClock
{
    /// <summary>Moves the fake clock one heartbeat at a time, waiting for the agent to finish each tick.</summary>
    public static async Task AdvanceAsync(this NodeAgent agent, FakeTimeProvider time, int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            var ticks = agent.Ticks;
            time.Advance(TimeSpan.FromSeconds(1));
            await Poll.UntilAsync(() => agent.Ticks > ticks, "the agent's heartbeat loop to tick");
        }
    }
}
