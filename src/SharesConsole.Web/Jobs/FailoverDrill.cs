using Hangfire;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Jobs;

/// <summary>
/// The optional scheduled failover drill (<c>ControlPlane:Drill:Cron</c>): a switchover to the best healthy
/// passive node through the operation launcher, which records every step and its duration in the operation
/// record. Skipped, with an event saying why, when the cluster is not healthy or another operation runs.
/// </summary>
public sealed partial class FailoverDrill(IClusterStateSource state, IOperationLauncher launcher, IEventRecorder events, ILogger<FailoverDrill> logger)
{
    public const string JobId = "failover-drill";

    public const string Actor = "the drill schedule";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    public Task RunAsync(CancellationToken cancellationToken) => TryStartAsync(cancellationToken);

    /// <summary>Starts the drill, or records why not.</summary>
    public async Task<CommandResult<OperationSummary>> TryStartAsync(CancellationToken cancellationToken)
    {
        var result = DrillRules.Refusal(state.Current) is { } refusal
            ? CommandResult<OperationSummary>.Fail(CommandResult.Conflict(refusal))
            : await launcher.StartDrillAsync(Actor, cancellationToken);
        if (result.Ok)
        {
            LogStarted(logger, result.Value!.SourceNode ?? "?", result.Value.TargetNode ?? "?");
            return result;
        }

        LogSkipped(logger, result.Message ?? "");
        await events.RecordAsync(EventKinds.DrillSkipped, $"Scheduled failover drill skipped: {result.Message}", severity: EventSeverity.Warning, cancellationToken: cancellationToken);
        return result;
    }

    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Scheduled failover drill started: {Source} -> {Target}")]
    private static partial void LogStarted(ILogger logger, string source, string target);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Warning, Message = "Scheduled failover drill skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
