using System.Globalization;
using System.Text;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Storage;

/// <summary>
/// The probe itself, blocking (run it on a <see cref="BlockingCallRunner"/>): mount present, then write + fsync + read back +
/// delete of this node's probe file, latency, free space against the thresholds.
/// </summary>
public sealed class StorageCheck(string path, string node, StorageProbeOptions options, TimeProvider time)
{
    private const int Erofs = 30;

    public string ProbeFile { get; } = Path.Combine(path, $".sharesconsole-probe-{node}");

    public StorageCheckResult Run()
    {
        if (options.RequireMountPoint && !IsMountPoint(path))
        {
            return StorageCheckResult.Failed(StorageStatus.NoMount, $"{path} is not a mount point.");
        }

        if (!Directory.Exists(path))
        {
            return StorageCheckResult.Failed(StorageStatus.NoMount, $"{path} does not exist.");
        }

        var started = time.GetTimestamp();
        try
        {
            var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{node} {time.GetUtcNow():o} {Guid.NewGuid():N}\n"));
            using (var file = new FileStream(ProbeFile, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(payload);
                file.Flush(flushToDisk: true);
            }

            var back = File.ReadAllBytes(ProbeFile);
            File.Delete(ProbeFile);
            if (!back.AsSpan().SequenceEqual(payload))
            {
                return StorageCheckResult.Failed(StorageStatus.Error, $"{ProbeFile} read back {back.Length} bytes that differ from the {payload.Length} written.");
            }
        }
        catch (IOException e) when (e.HResult == Erofs || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase))
        {
            return StorageCheckResult.Failed(StorageStatus.ReadOnly, $"{path} is read-only: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StorageCheckResult.Failed(StorageStatus.Error, e.Message);
        }

        var latency = time.GetElapsedTime(started).TotalMilliseconds;
        long free, total;
        try
        {
            var drive = new DriveInfo(path);
            (free, total) = (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return new StorageCheckResult(StorageStatus.Error, $"free space of {path} unreadable: {e.Message}", latency);
        }

        return options.CriticalFreeBytes > 0 && free < options.CriticalFreeBytes
            ? new StorageCheckResult(StorageStatus.CriticalSpace, $"{path} has {free} bytes free, below the critical {options.CriticalFreeBytes}.", latency, free, total)
            : new StorageCheckResult(StorageStatus.Ok, null, latency, free, total);
    }

    /// <summary>Reads the mount table, never the mount itself (which may hang).</summary>
    internal static bool IsMountPoint(string path, string mountInfo = "/proc/self/mountinfo")
    {
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        foreach (var line in File.ReadLines(mountInfo))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && string.Equals(Unescape(fields[4]), wanted, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field) =>
        !field.Contains('\\', StringComparison.Ordinal) ? field : System.Text.RegularExpressions.Regex.Replace(
            field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}
