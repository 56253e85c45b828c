using SharesConsole.Agent.Configuration;

namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>
/// Lab chaos from outside the agent process: <c>touch &lt;LabDirectory&gt;/chaos/&lt;node&gt;.&lt;service&gt;.stop</c> kills that
/// stand-in on the agent's next refresh (within a heartbeat), without the control plane or the agent asking for it.
/// </summary>
public static class LabChaos
{
    public static string StopFile(AgentOptions agent, string service)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return StopFile(agent.LabDirectory ?? agent.StateDirectory, agent.NodeName, service);
    }

    public static string StopFile(string labDirectory, string node, string service) =>
        Path.Combine(labDirectory, "chaos", $"{node}.{service}.stop");

    /// <summary>True (and the file is gone) when the file was there.</summary>
    internal static bool TryConsume(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
