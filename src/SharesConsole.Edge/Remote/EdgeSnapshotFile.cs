using System.Text.Json;

namespace SharesConsole.Edge.Remote;

/// <summary>What an edge keeps on disk: the last configuration and the last pool health it saw.</summary>
public sealed record EdgeSnapshot
{
    public required string Version { get; init; }

    public required string Topology { get; init; }

    public IReadOnlyList<EdgeProbeVerdict> Health { get; init; } = [];

    public DateTimeOffset SavedAt { get; init; }
}

/// <summary>
/// Reads and writes the snapshot file. Writes go to a temporary file that is flushed to disk and renamed over the old
/// one, so a crash leaves either the old or the new snapshot, never half of one.
/// </summary>
public sealed class EdgeSnapshotFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The snapshot, or null when there is none; a file that cannot be read is reported in <paramref name="problem"/>.</summary>
    public EdgeSnapshot? TryRead(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(Path);
            var snapshot = JsonSerializer.Deserialize<EdgeSnapshot>(stream, TopologyJson.SerializerOptions);
            if (snapshot is null || string.IsNullOrEmpty(snapshot.Topology) || string.IsNullOrEmpty(snapshot.Version))
            {
                problem = "the file holds no configuration";
                return null;
            }

            TopologyJson.Parse(snapshot.Topology);
            return snapshot;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            problem = ex.Message;
            return null;
        }
    }

    public void Write(EdgeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, snapshot, TopologyJson.SerializerOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
