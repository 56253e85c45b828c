using System.Globalization;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Metrics;

/// <summary>
/// Reads CPU (delta of /proc/stat between calls), memory and load: /proc only, never the shared storage, whose free space the
/// storage probe measures on its own thread (a hung mount must not stall a heartbeat).
/// </summary>
public sealed class NodeMetricsReader
{
    private (ulong Idle, ulong Total)? _lastCpu;

    public async Task<NodeMetrics> ReadAsync(CancellationToken cancellationToken) => new()
    {
        CpuPercent = Cpu(await ReadAsync("/proc/stat", cancellationToken).ConfigureAwait(false)),
        MemoryUsedPercent = Memory(await ReadAsync("/proc/meminfo", cancellationToken).ConfigureAwait(false)),
        Load1 = Load(await ReadAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false)),
    };

    private double? Cpu(string? stat)
    {
        var line = stat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(8).Aggregate(0UL, (a, b) => a + b);
        var last = _lastCpu;
        _lastCpu = (idle, total);
        if (last is not { } before || total <= before.Total)
        {
            return null;
        }

        return 100.0 * (1 - (double)(idle - before.Idle) / (total - before.Total));
    }

    private static double? Memory(string? meminfo)
    {
        long? Field(string name) => meminfo?.Split('\n')
            .Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => (long?)long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return Field("MemTotal") is { } total && Field("MemAvailable") is { } available && total > 0
            ? 100.0 * (total - available) / total
            : null;
    }

    private static double? Load(string? loadavg) =>
        loadavg is not null && double.TryParse(loadavg.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;

    private static async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
