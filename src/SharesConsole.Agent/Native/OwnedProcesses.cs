using System.Text.Json;

namespace SharesConsole.Agent.Native;

/// <summary>
/// The identity the agent records next to a pid file (<c>&lt;pid file&gt;.identity</c>) for a process it started, and the
/// check every kill goes through: the agent's drivers and the lease watchdog signal only a pid that matches its record.
/// </summary>
internal static class OwnedProcesses
{
    public const string Suffix = ".identity";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string RecordPath(string pidFile) => pidFile + Suffix;

    /// <summary>
    /// Records <paramref name="pid"/> as the process the agent started for <paramref name="pidFile"/>; false when it is
    /// already gone (the record is removed) or caught mid-exec (nothing is written: ask again).
    /// </summary>
    public static bool Record(string pidFile, int pid) => Record(pidFile, ProcessIdentity.Read(pid));

    internal static bool Record(string pidFile, ProcessIdentity? identity)
    {
        if (identity is null)
        {
            Forget(pidFile);
            return false;
        }

        if (!identity.IsSettled)
        {
            return false;
        }

        Save(pidFile, identity);
        return true;
    }

    /// <summary>Writes <paramref name="identity"/> as the record of <paramref name="pidFile"/> (atomically).</summary>
    public static void Save(string pidFile, ProcessIdentity identity)
    {
        var path = RecordPath(pidFile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(identity, Json));
        File.Move(temp, path, overwrite: true);
    }

    public static void Forget(string pidFile)
    {
        try
        {
            File.Delete(RecordPath(pidFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale record is harmless: it matches no other process.
        }
    }

    /// <summary>The live process <paramref name="pidFile"/> names, checked against the record; null when the file names no live process.</summary>
    public static PidFileProcess? Find(string pidFile)
    {
        if (ProcessTable.ReadPidFile(pidFile) is not { } pid || !ProcessTable.IsAlive(pid))
        {
            return null;
        }

        var record = Load(RecordPath(pidFile));
        if (record is null)
        {
            var missing = File.Exists(RecordPath(pidFile)) ? "unreadable record" : "no record";
            return new(pidFile, pid, PidOwnership.Foreign, $"{pidFile} names pid {pid}, which the agent did not start ({missing} {RecordPath(pidFile)})");
        }

        if (record.Pid != pid)
        {
            return new(pidFile, pid, PidOwnership.Foreign, $"{pidFile} names pid {pid}, but the agent started pid {record.Pid}");
        }

        if (ProcessIdentity.Read(pid) is not { } actual)
        {
            return ProcessTable.IsAlive(pid)
                ? new(pidFile, pid, PidOwnership.Foreign, $"the identity of pid {pid} ({pidFile}) cannot be read")
                : null;
        }

        return record.Mismatch(actual) switch
        {
            null => new(pidFile, pid, PidOwnership.Owned, null) { Identity = actual },
            var why when actual.StartTime != record.StartTime =>
                new(pidFile, pid, PidOwnership.Reused, $"pid {pid} ({pidFile}) now belongs to another process: {why}"),
            var why => new(pidFile, pid, PidOwnership.Foreign, $"pid {pid} ({pidFile}) is not the process the agent started: {why}"),
        };
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to an owned process if its pid still holds the process it was found as (it may
    /// have exited since, and the pid gone to another); true when sent.
    /// </summary>
    public static bool Signal(PidFileProcess process, int signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process is { Ownership: PidOwnership.Owned, Identity: { } identity } &&
            ProcessIdentity.Read(process.Pid) is { } now && identity.Mismatch(now) is null &&
            Libc.Kill(process.Pid, signal) == 0;
    }

    private static ProcessIdentity? Load(string path)
    {
        try
        {
            var record = JsonSerializer.Deserialize<ProcessIdentity>(File.ReadAllText(path), Json);

            // A record missing a field (hand-edited, truncated) vouches for nothing.
            return record is { Executable: not null, CommandLine: not null } ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}

internal enum PidOwnership
{
    /// <summary>The process the agent started: it may be signalled.</summary>
    Owned,

    /// <summary>The agent's process is gone and its pid went to another one: nothing of the service runs under it.</summary>
    Reused,

    /// <summary>A live process the agent cannot vouch for (no record, another pid, another program).</summary>
    Foreign,
}

/// <summary>A live process named by a pid file, and whether it is the one the agent started.</summary>
internal sealed record PidFileProcess(string PidFile, int Pid, PidOwnership Ownership, string? Reason)
{
    /// <summary>The identity the process was found with (owned processes only).</summary>
    public ProcessIdentity? Identity { get; init; }
}
