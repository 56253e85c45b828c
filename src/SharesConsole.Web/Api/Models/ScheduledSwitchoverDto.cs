using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Api.Models;

/// <summary>A planned switchover waiting for its time.</summary>
public sealed record ScheduledSwitchoverDto(string Id, string TargetNode, DateTimeOffset At, string RequestedBy)
{
    public static ScheduledSwitchoverDto From(ScheduledSwitchover s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.TargetNode, s.At, s.RequestedBy);
    }
}

/// <summary>Body of <c>POST /api/v1/operations/scheduled</c>.</summary>
public sealed record ScheduleSwitchoverRequest(string? TargetNode, DateTimeOffset? At);
