using System.Globalization;
using System.Text;

namespace SharesConsole.Agent.Fencing;

/// <summary>
/// The lease as the agent last renewed it, written for the watchdog process: the moment it expires on the monotonic
/// clock (CLOCK_MONOTONIC in milliseconds, the same for every process of the host and blind to wall-clock steps;
/// 0 when no lease is held) and what to kill then. Written atomically (temp file and rename).
/// </summary>
public sealed record LeaseFile(long ExpiresAtMonotonicMs, FenceTargets Targets)
{
    public const string FileName = "lease";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    public void Write(string path)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"expires-monotonic-ms {ExpiresAtMonotonicMs}\n");
        foreach (var pidFile in Targets.PidFiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"pidfile {pidFile}\n");
        }

        foreach (var unit in Targets.Units)
        {
            text.Append(CultureInfo.InvariantCulture, $"unit {unit}\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A temporary file of its own: two acks applied at once (the tick's heartbeat and a heartbeat sent on demand)
        // must not rename each other's file away.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text.ToString());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the file; null when it is missing or unreadable (the watchdog then has nothing to enforce).</summary>
    public static LeaseFile? TryRead(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        long? expires = null;
        var pidFiles = new List<string>();
        var units = new List<string>();
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var (key, value) = (line[..space], line[(space + 1)..]);
            switch (key)
            {
                case "expires-monotonic-ms" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms):
                    expires = ms;
                    break;
                case "pidfile":
                    pidFiles.Add(value);
                    break;
                case "unit":
                    units.Add(value);
                    break;
                default:
                    break;
            }
        }

        return expires is { } at ? new LeaseFile(at, new FenceTargets { PidFiles = pidFiles, Units = units }) : null;
    }
}
