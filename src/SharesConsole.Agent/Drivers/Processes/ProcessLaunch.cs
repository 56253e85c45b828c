using System.Diagnostics;
using SharesConsole.Agent.Configuration;

namespace SharesConsole.Agent.Drivers.Processes;

internal static class ProcessLaunch
{
    // The shell only redirects and then execs the service, so the pid is the service's and the log
    // file stays attached even if the agent goes away.
    private const string RedirectScript = "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    /// <summary>The process still is the redirecting shell, before its exec of the service.</summary>
    public static bool IsLauncher(IReadOnlyList<string> commandLine) =>
        commandLine.Count > 2 && commandLine[1] == "-c" && commandLine[2] == RedirectScript;

    public static ProcessStartInfo CreateStartInfo(AgentServiceOptions options)
    {
        ProcessStartInfo info;
        if (options.LogFile is { } log)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(log))!);
            info = new ProcessStartInfo("/bin/sh");
            foreach (var part in new[] { "-c", RedirectScript, "sh", log, options.Command! })
            {
                info.ArgumentList.Add(part);
            }
        }
        else
        {
            info = new ProcessStartInfo(options.Command!);
        }

        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.UseShellExecute = false;
        if (!string.IsNullOrEmpty(options.WorkingDirectory))
        {
            info.WorkingDirectory = options.WorkingDirectory;
        }

        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
