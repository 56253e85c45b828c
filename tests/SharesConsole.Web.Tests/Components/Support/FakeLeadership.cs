using SharesConsole.ControlPlane.Leadership;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Leadership set by the test: a single instance unless told otherwise.</summary>
public sealed class FakeLeadership : ILeadership
{
    public bool SingleInstance { get; set; } = true;

    public bool IsLeader { get; set; } = true;

    public long Term { get; set; }

    public LeaderFence? Fence => Term > 0 ? new LeaderFence(InstanceName, Term) : null;

    public string InstanceName { get; set; } = "cp-1";

    public string? LeaderUrl { get; set; }

    public string? LeaderName { get; set; } = "cp-1";

    public DateTimeOffset? LeaderSince { get; set; }

    public Task Acquired => Task.CompletedTask;
}
