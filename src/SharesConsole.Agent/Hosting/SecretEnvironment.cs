using System.Collections;

namespace SharesConsole.Agent.Hosting;

/// <summary>
/// Takes the node token out of this process's environment once configuration has read it. Every process the agent
/// starts (the services of the process driver, systemctl, both watchdogs) inherits the environment, where the token
/// would be readable in <c>/proc/&lt;pid&gt;/environ</c> by the service's user and end up in its crash reports.
/// </summary>
internal static class SecretEnvironment
{
    private const string TokenKey = "Agent:Token";

    // The prefixes under which the host's configuration reads environment variables: none, the host's and the agent's.
    private static readonly string[] Prefixes = ["", "DOTNET_", "SHARESCONSOLE_"];

    /// <summary>
    /// Removes every variable that configures <c>Agent:Token</c> and every variable whose value holds
    /// <paramref name="token"/>; returns the names removed.
    /// </summary>
    public static IReadOnlyList<string> Scrub(string? token)
    {
        var removed = new List<string>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            var value = variable.Value as string ?? "";
            if (ConfiguresToken(name) || (!string.IsNullOrEmpty(token) && value.Contains(token, StringComparison.Ordinal)))
            {
                Environment.SetEnvironmentVariable(name, null);
                removed.Add(name);
            }
        }

        return removed;
    }

    private static bool ConfiguresToken(string name) => Prefixes.Any(prefix =>
        name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal), TokenKey, StringComparison.OrdinalIgnoreCase));
}
