using System.Globalization;

namespace SharesConsole.Agent.Drivers.Processes;

internal static class PidFiles
{
    public static void Write(string path, int pid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, pid.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leaving a stale file is harmless: the pid is checked for liveness before use.
        }
    }
}
