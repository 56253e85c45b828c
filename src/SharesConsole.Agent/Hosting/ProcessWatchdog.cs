using System.Diagnostics;
using System.Globalization;

namespace SharesConsole.Agent.Hosting;

/// <summary>
/// The lab's SBD: a small shell process that SIGKILLs this process once the pet file is older than the timeout.
/// A dedicated thread pets it every second, so a frozen (SIGSTOPped) or wedged process stops petting and dies,
/// releasing its lab locks, before the control plane's lease-plus-margin wait ends. It exits when this process does.
/// </summary>
internal sealed class ProcessWatchdog : IDisposable
{
    private const string Script =
        "pid=$1; file=$2; limit=$3; " +
        "while kill -0 \"$pid\" 2>/dev/null; do " +
        "now=$(date +%s); pet=$(stat -c %Y \"$file\" 2>/dev/null || echo \"$now\"); " +
        "if [ $((now - pet)) -ge \"$limit\" ]; then kill -KILL \"$pid\"; exit 0; fi; " +
        "sleep 1; done";

    private readonly string _petFile;
    private readonly Process _watchdog;
    private readonly Thread _petter;
    private volatile bool _stopped;

    /// <param name="targetPid">The process to kill; this one unless a test names another.</param>
    public ProcessWatchdog(string stateDirectory, TimeSpan timeout, int? targetPid = null)
    {
        Directory.CreateDirectory(stateDirectory);
        _petFile = Path.Combine(stateDirectory, "watchdog.pet");
        Pet();
        var seconds = Math.Max(2, (int)Math.Ceiling(timeout.TotalSeconds));
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", Script, "sharesconsole-watchdog", (targetPid ?? Environment.ProcessId).ToString(CultureInfo.InvariantCulture), _petFile, seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        _watchdog = Process.Start(start) ?? throw new InvalidOperationException("The watchdog process did not start.");
        _petter = new Thread(PetLoop) { IsBackground = true, Name = "sharesconsole-watchdog-pet" };
        _petter.Start();
    }

    public int WatchdogPid => _watchdog.Id;

    /// <summary>Simulates a hang of the petting process (tests).</summary>
    internal void StopPetting() => _stopped = true;

    public void Dispose()
    {
        _stopped = true;
        try
        {
            _watchdog.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _watchdog.Dispose();
    }

    private void PetLoop()
    {
        while (!_stopped)
        {
            Pet();
            Thread.Sleep(1000);
        }
    }

    private void Pet()
    {
        try
        {
            File.SetLastWriteTimeUtc(_petFile, DateTime.UtcNow);
        }
        catch (FileNotFoundException)
        {
            File.WriteAllText(_petFile, "");
        }
        catch (IOException)
        {
            // A missed pet is harmless; the next one follows within a second.
        }
    }
}
