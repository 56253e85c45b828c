using SharesConsole.ControlPlane.State;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Scheduled switchovers in memory; records what the console asked for.</summary>
public sealed class FakeSwitchoverSchedule : ISwitchoverSchedule
{
    private readonly List<ScheduledSwitchover> _scheduled = [];

    public List<string> Cancelled { get; } = [];

    public Task<CommandResult<ScheduledSwitchover>> ScheduleAsync(string targetNode, DateTimeOffset at, string actor, CancellationToken cancellationToken)
    {
        var s = new ScheduledSwitchover((_scheduled.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), targetNode, at, actor);
        lock (_scheduled)
        {
            _scheduled.Add(s);
        }

        return Task.FromResult(CommandResult<ScheduledSwitchover>.From(s));
    }

    public IReadOnlyList<ScheduledSwitchover> List()
    {
        lock (_scheduled)
        {
            return [.. _scheduled];
        }
    }

    public Task<bool> CancelAsync(string id, string actor, CancellationToken cancellationToken)
    {
        lock (_scheduled)
        {
            Cancelled.Add(id);
            return Task.FromResult(_scheduled.RemoveAll(s => s.Id == id) > 0);
        }
    }
}
