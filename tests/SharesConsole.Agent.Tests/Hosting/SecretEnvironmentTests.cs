using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Hosting;

/// <summary>
/// The real agent executable, given its node token in the environment, starts its two watchdog processes (the lab
/// one, a shell, and the lease watchdog, itself again): neither inherits the token.
/// </summary>
public sealed class SecretEnvironmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task AgentStarts_TokenInItsEnvironment_ItsChildProcessesDoNotInheritIt()
    {
        var token = "env-token-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "SharesConsole.Agent.dll"),
            "--Agent:Lab=true",
            "--Agent:NodeName=node-env",
            $"--Agent:Address={Loopback.Agent.Address(200)}",
            // Nobody listens there: the agent keeps reconnecting, which is all this test needs.
            "--Agent:ControlPlaneUrl=http://127.0.0.1:9/",
            $"--Agent:StateDirectory={Path.Combine(_dir.Path, "state")}",
            $"--Agent:LabDirectory={Path.Combine(_dir.Path, "lab")}",
            "--Agent:LabWatchdog=00:00:05",
            "--Agent:Watchdog=true",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SHARESCONSOLE_Agent__Token"] = token;
        start.Environment["SHARES_WRAPPER_SECRET"] = "Bearer " + token;
        var output = new StringBuilder();
        using var agent = Process.Start(start)!;
        agent.OutputDataReceived += (_, e) => Append(output, e.Data);
        agent.ErrorDataReceived += (_, e) => Append(output, e.Data);
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        var children = Array.Empty<int>();
        try
        {
            children = await Poll.UntilAsync(
                () => ChildrenOf(agent.Id),
                pids => pids.Length >= 2 || agent.HasExited,
                "the agent to start its lab and lease watchdogs",
                describe: pids => $"children [{string.Join(", ", pids)}], agent output: {Read(output)}");
            Assert.False(agent.HasExited, "the agent exited: " + Read(output));

            foreach (var child in children)
            {
                var environment = File.ReadAllText($"/proc/{child}/environ");
                Assert.DoesNotContain(token, environment, StringComparison.Ordinal);
                Assert.DoesNotContain("Agent__Token", environment, StringComparison.OrdinalIgnoreCase);
            }

            // The agent itself still has the token (from configuration): it is its own parent's environment that shows it.
            Assert.Contains(token, File.ReadAllText($"/proc/{agent.Id}/environ"), StringComparison.Ordinal);
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync().WaitAsync("the killed agent to exit");
            foreach (var child in children.Concat(ChildrenOf(agent.Id)))
            {
                try
                {
                    using var process = Process.GetProcessById(child);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
                catch (InvalidOperationException)
                {
                    // Gone already.
                }
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The pids whose parent is <paramref name="parent"/> (field 4 of /proc/&lt;pid&gt;/stat).</summary>
    private static int[] ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return [.. children];
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
