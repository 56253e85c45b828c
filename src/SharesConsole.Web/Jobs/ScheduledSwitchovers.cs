using Hangfire;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Jobs;

/// <summary>A planned switchover waiting for its time (a maintenance window, say).</summary>
public sealed record ScheduledSwitchover(string Id, string TargetNode, DateTimeOffset At, string RequestedBy);

/// <summary>Schedules, lists and cancels planned switchovers (the console and the API use it).</summary>
public interface ISwitchoverSchedule
{
    Task<CommandResult<ScheduledSwitchover>> ScheduleAsync(string targetNode, DateTimeOffset at, string actor, CancellationToken cancellationToken);

    /// <summary>Every switchover still waiting, soonest first.</summary>
    IReadOnlyList<ScheduledSwitchover> List();

    /// <summary>Cancels a waiting switchover; false when there is none with that id (already run, cancelled or unknown).</summary>
    Task<bool> CancelAsync(string id, string actor, CancellationToken cancellationToken);
}

/// <summary>
/// Planned switchovers at a chosen time: a Hangfire scheduled job, visible and cancellable until it is due; when it
/// is, the switchover goes to the operation coordinator like any other (refused, with an event, if the cluster
/// cannot take it then).
/// </summary>
public sealed partial class ScheduledSwitchovers(
    IBackgroundJobClient jobs,
    JobStorage storage,
    IClusterStateSource state,
    IEventRecorder events,
    TimeProvider time) : ISwitchoverSchedule
{
    /// <summary>The furthest ahead a switchover can be scheduled.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(90);

    public async Task<CommandResult<ScheduledSwitchover>> ScheduleAsync(string targetNode, DateTimeOffset at, string actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var target = state.Current.Find(targetNode);
        if (target is null)
        {
            errors["targetNode"] = [$"There is no node named '{targetNode}'."];
        }

        var now = time.GetUtcNow();
        if (at <= now || at > now + Horizon)
        {
            errors["at"] = [$"The time must lie in the future and within {Horizon.TotalDays:0} days (now is {now:u})."];
        }

        if (errors.Count > 0)
        {
            return CommandResult<ScheduledSwitchover>.Fail(CommandResult.Invalid(errors));
        }

        var id = jobs.Schedule<ScheduledSwitchoverJob>(j => j.RunAsync(target!.Name, actor, CancellationToken.None), at);
        var scheduled = new ScheduledSwitchover(id, target!.Name, at, actor);
        await events.RecordAsync(EventKinds.SwitchoverScheduled, $"Switchover to {target.Name} scheduled for {at:u} by {actor}.", target.Name, cancellationToken: cancellationToken);
        return CommandResult<ScheduledSwitchover>.From(scheduled);
    }

    /// <summary>Every switchover still waiting, soonest first.</summary>
    public IReadOnlyList<ScheduledSwitchover> List()
    {
        var monitoring = storage.GetMonitoringApi();
        return [.. monitoring.ScheduledJobs(0, 1000)
            .Where(j => j.Value is { InScheduledState: true, Job.Type: var type } && type == typeof(ScheduledSwitchoverJob))
            .Select(j => new ScheduledSwitchover(j.Key, (string)j.Value.Job.Args[0], new DateTimeOffset(DateTime.SpecifyKind(j.Value.EnqueueAt, DateTimeKind.Utc)), (string)j.Value.Job.Args[1]))
            .OrderBy(s => s.At)];
    }

    public ScheduledSwitchover? Find(string id) => List().FirstOrDefault(s => s.Id == id);

    /// <summary>Cancels a waiting switchover; false when there is none with that id (already run, cancelled or unknown).</summary>
    public async Task<bool> CancelAsync(string id, string actor, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } scheduled || !jobs.Delete(id))
        {
            return false;
        }

        await events.RecordAsync(EventKinds.SwitchoverCancelled, $"Switchover to {scheduled.TargetNode} scheduled for {scheduled.At:u} cancelled by {actor}.", scheduled.TargetNode, cancellationToken: cancellationToken);
        return true;
    }
}

/// <summary>The job a scheduled switchover becomes when it is due.</summary>
public sealed class ScheduledSwitchoverJob(IOperationLauncher launcher, IEventRecorder events)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string targetNode, string requestedBy, CancellationToken cancellationToken)
    {
        var result = await launcher.StartSwitchoverAsync(targetNode, $"{requestedBy} (scheduled)", cancellationToken);
        if (!result.Ok)
        {
            await events.RecordAsync(EventKinds.SwitchoverSkipped, $"Scheduled switchover to {targetNode} not started: {result.Message}", targetNode, severity: EventSeverity.Warning, cancellationToken: cancellationToken);
        }
    }
}
