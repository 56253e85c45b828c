using System.Globalization;

namespace SharesConsole.Agent.Native;

/// <summary>Reads /proc to tell whether a pid is a live (non-zombie) process.</summary>
internal static class ProcessTable
{
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        var root = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            if (IsLiveState(File.ReadAllText(root + "/stat")))
            {
                return true;
            }

            // A killed multi-threaded process can show a zombie leader while other threads still hold its sockets.
            return Directory.EnumerateDirectories(root + "/task").Any(task => IsLiveState(ReadOrEmpty(task + "/stat")));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool IsLiveState(string stat)
    {
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X' or 'x');
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static int? ReadPidFile(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
