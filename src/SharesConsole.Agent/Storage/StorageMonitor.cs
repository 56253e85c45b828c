using Microsoft.Extensions.Logging;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Storage;

/// <summary>
/// Probes the shared storage every interval on a <see cref="BlockingCallRunner"/> of its own and keeps the latest
/// <see cref="StorageHealth"/>, which heartbeats read without ever touching the mount. Logs changes, not probes.
/// </summary>
public sealed partial class StorageMonitor : IAsyncDisposable
{
    private readonly StorageProbeOptions _options;
    private readonly string _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<StorageCheckResult> _check;
    private readonly BlockingCallRunner _runner;
    private readonly CancellationTokenSource _stopping = new();
    private StorageVerdict _verdict = StorageVerdict.Initial;
    private StorageHealth _latest;
    private Task _loop = Task.CompletedTask;
    private long _probes;

    public StorageMonitor(string path, string node, StorageProbeOptions options, TimeProvider time, ILogger logger, Func<StorageCheckResult>? check = null)
    {
        _options = options;
        _node = node;
        _time = time;
        _logger = logger;
        _check = check ?? new StorageCheck(path, node, options, time).Run;
        _runner = new BlockingCallRunner($"storage-probe-{node}", time);
        _latest = new StorageHealth { Path = path, Status = StorageStatus.Unknown };
    }

    /// <summary>The latest probe result with its fall/rise verdict.</summary>
    public StorageHealth Latest => Volatile.Read(ref _latest);

    /// <summary>Probes finished (or timed out) so far; tests wait on it.</summary>
    public long Probes => Interlocked.Read(ref _probes);

    public void Start() => _loop = RunAsync(_stopping.Token);

    /// <summary>One probe: runs the check (or finds the last one still stuck), applies fall/rise and publishes the result.</summary>
    public async Task<StorageHealth> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var call = await _runner.RunAsync(_check, _options.Timeout, cancellationToken).ConfigureAwait(false);
        var result = call.Outcome switch
        {
            BlockingCallOutcome.Completed => call.Value!,
            BlockingCallOutcome.TimedOut => StorageCheckResult.Failed(StorageStatus.Timeout, $"the probe did not finish within {call.Elapsed.TotalSeconds:0.###} s (hung mount?)"),
            BlockingCallOutcome.StillRunning => StorageCheckResult.Failed(StorageStatus.Timeout, $"the previous probe has been stuck for {call.Elapsed.TotalSeconds:0.#} s (hung mount?)"),
            _ => StorageCheckResult.Failed(StorageStatus.Error, call.Error?.Message ?? "the probe failed"),
        };

        var health = Apply(result);
        Interlocked.Increment(ref _probes);
        return health;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _runner.Dispose();
        _stopping.Dispose();
    }

    private StorageHealth Apply(StorageCheckResult result)
    {
        var before = Latest;
        var now = _time.GetUtcNow();
        _verdict = _verdict.Next(result.Ok, _options.Fall, _options.Rise);
        var free = result.FreeBytes ?? before.FreeBytes;
        var health = before with
        {
            Status = result.Status,
            FitForActive = _verdict.Fit,
            ConsecutiveFailures = _verdict.Failures,
            LatencyMs = result.LatencyMs,
            FreeBytes = free,
            TotalBytes = result.TotalBytes ?? before.TotalBytes,
            LowSpace = _options.WarningFreeBytes > 0 && free is { } f && f < _options.WarningFreeBytes,
            LastError = result.Error ?? before.LastError,
            LastErrorAt = result.Error is null ? before.LastErrorAt : now,
            CheckedAt = now,
        };
        Volatile.Write(ref _latest, health);
        if (health.Status != before.Status)
        {
            LogStatusChanged(_logger, _node, before.Status, health.Status, result.Error ?? "");
        }

        if (health.FitForActive != before.FitForActive)
        {
            if (health.FitForActive)
            {
                LogFitAgain(_logger, _node, _options.Rise);
            }
            else
            {
                LogUnfit(_logger, _node, _options.Fall, result.Error ?? "");
            }
        }

        if (health.LowSpace && !before.LowSpace)
        {
            LogLowSpace(_logger, _node, health.FreeBytes ?? 0, _options.WarningFreeBytes);
        }

        return health;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                await ProbeOnceAsync(stopping).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 180, Level = LogLevel.Information, Message = "Node {Node}: shared storage probe {Before} -> {After} {Error}")]
    private static partial void LogStatusChanged(ILogger logger, string node, StorageStatus before, StorageStatus after, string error);

    [LoggerMessage(EventId = 181, Level = LogLevel.Error, Message = "Node {Node}: shared storage failed {Fall} probes in a row: UNFIT FOR ACTIVE ({Error})")]
    private static partial void LogUnfit(ILogger logger, string node, int fall, string error);

    [LoggerMessage(EventId = 182, Level = LogLevel.Information, Message = "Node {Node}: shared storage passed {Rise} probes in a row: fit for active again")]
    private static partial void LogFitAgain(ILogger logger, string node, int rise);

    [LoggerMessage(EventId = 183, Level = LogLevel.Warning, Message = "Node {Node}: shared storage has {Free} bytes free, below the warning threshold {Warning}")]
    private static partial void LogLowSpace(ILogger logger, string node, long free, long warning);
}
