using Hangfire;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.Drift;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Jobs;

/// <summary>
/// Recurring Hangfire job (every 10 s by default): compares the whole picture with what should be
/// (<see cref="DriftInspector"/>) and records "drift detected" once per drift and "drift resolved" when it
/// clears. A singleton, so the tracker survives between runs. Skipped while an operation moves the group.
/// </summary>
public sealed partial class DeepHealthCheck(
    IClusterStateSource state,
    IEventRecorder events,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options,
    ILogger<DeepHealthCheck> logger)
{
    public const string JobId = "deep-health-check";

    private readonly DriftTracker _tracker = new(options.Value.DeepCheck.Confirmations);

    /// <summary>Drifts reported and not yet resolved.</summary>
    public IReadOnlyList<DriftFinding> OpenDrifts => _tracker.Open;

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    public Task RunAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    /// <summary>One check: inspect, update the tracker, record what changed.</summary>
    public async Task<DriftChanges> CheckAsync(CancellationToken cancellationToken)
    {
        var current = state.Current;
        if (current.RunningOperation is not null)
        {
            return DriftChanges.None;
        }

        var findings = DriftInspector.Inspect(current, TimeSpan.FromMilliseconds(options.Value.HeartbeatTimeoutMs));
        var changes = _tracker.Update(findings, time.GetUtcNow());
        foreach (var detected in changes.Detected)
        {
            var f = detected.Finding;
            LogDrift(logger, f.Key, f.Message);
            await events.RecordAsync(EventKinds.DriftDetected, $"Drift: {f.Message}", f.Node, f.Service, severity: f.Severity, cancellationToken: cancellationToken);
        }

        foreach (var resolved in changes.Resolved)
        {
            var f = resolved.Finding;
            LogResolved(logger, f.Key, resolved.Duration.TotalSeconds);
            await events.RecordAsync(EventKinds.DriftResolved, $"Drift resolved after {resolved.Duration.TotalSeconds:0} s: {f.Message}", f.Node, f.Service, cancellationToken: cancellationToken);
        }

        return changes;
    }

    [LoggerMessage(EventId = 7040, Level = LogLevel.Warning, Message = "Drift detected ({Key}): {Message}")]
    private static partial void LogDrift(ILogger logger, string key, string message);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Information, Message = "Drift resolved ({Key}) after {Seconds:0} s")]
    private static partial void LogResolved(ILogger logger, string key, double seconds);
}
