using System.Globalization;
using System.Text;

namespace SharesConsole.Agent.Native;

/// <summary>
/// What tells a process from any later one given the same pid: its executable (<c>/proc/&lt;pid&gt;/exe</c>), command
/// line (<c>/proc/&lt;pid&gt;/cmdline</c>) and start time in clock ticks since boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c>).
/// </summary>
internal sealed record ProcessIdentity(int Pid, string Executable, IReadOnlyList<string> CommandLine, long StartTime)
{
    // A running program whose file was replaced (a package upgrade) still is the same process.
    private const string Deleted = " (deleted)";

    /// <summary>The identity of a live process; null when it is gone, a zombie or not readable.</summary>
    public static ProcessIdentity? Read(int pid)
    {
        if (!ProcessTable.IsAlive(pid))
        {
            return null;
        }

        var root = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var executable = new FileInfo(root + "/exe").LinkTarget;
            var startTime = StartTimeOf(File.ReadAllText(root + "/stat"));
            var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(root + "/cmdline")).TrimEnd('\0').Split('\0');
            return executable is null || startTime is not { } start ? null : new ProcessIdentity(pid, executable, commandLine, start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The process shows a command line. While it execs, the kernel shows an empty one for a moment (seen in the lab: a
    /// mariadbd recorded with an empty command line was later refused as "not the process the agent started" and the
    /// group could not start); such an identity is not recorded.
    /// </summary>
    public bool IsSettled => CommandLine is [_, ..] && CommandLine[0].Length > 0;

    /// <summary>Why <paramref name="actual"/> (read now from the same pid) is not this process; null when it is.</summary>
    public string? Mismatch(ProcessIdentity actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.StartTime != StartTime)
        {
            return $"it started at tick {actual.StartTime}, the agent's process at tick {StartTime}";
        }

        if (!string.Equals(Trim(actual.Executable), Trim(Executable), StringComparison.Ordinal))
        {
            return $"it runs {actual.Executable}, the agent's process ran {Executable}";
        }

        return CommandLineMatches(actual.CommandLine) ? null : $"its command line is '{Join(actual.CommandLine)}', the agent's was '{Join(CommandLine)}'";
    }

    private bool CommandLineMatches(IReadOnlyList<string> actual)
    {
        if (actual.SequenceEqual(CommandLine, StringComparer.Ordinal))
        {
            return true;
        }

        // A process may retitle itself (setproctitle): nginx's master shows "nginx: master process <its arguments>".
        return Join(actual).EndsWith(" " + Join(CommandLine), StringComparison.Ordinal);
    }

    private static string Join(IReadOnlyList<string> commandLine) => string.Join(' ', commandLine);

    private static string Trim(string executable) => executable.EndsWith(Deleted, StringComparison.Ordinal) ? executable[..^Deleted.Length] : executable;

    /// <summary>Field 22 of /proc/&lt;pid&gt;/stat; the command name (field 2) may hold spaces and parentheses, so fields count from the last ')'.</summary>
    private static long? StartTimeOf(string stat)
    {
        var close = stat.LastIndexOf(')');
        var fields = close < 0 ? [] : stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
