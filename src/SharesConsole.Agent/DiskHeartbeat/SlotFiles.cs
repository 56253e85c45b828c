using System.Text.Json;

namespace SharesConsole.Agent.DiskHeartbeat;

/// <summary>
/// Reads and writes the disk heartbeat's files. Each file has one writer (a slot its node, a pill the fencing node) and
/// is replaced whole (temporary file, fsync, rename), so a reader sees the old content or the new, never half of one.
/// </summary>
public static class SlotFiles
{
    private const int MaxBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SlotPath(string directory, string node) => Path.Combine(directory, node + ".slot");

    public static string PillPath(string directory, string node) => Path.Combine(directory, node + ".pill");

    public static void Write<T>(string path, string writer, T value)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = $"{path}.{writer}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's content; null when it does not exist. Garbage or an oversized file is an <see cref="InvalidDataException"/>.</summary>
    public static T? Read<T>(string path) where T : class
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxBytes)
            {
                throw new InvalidDataException($"{path} is {stream.Length} bytes, more than a slot can be.");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a disk-heartbeat file: {e.Message}", e);
        }
    }
}
