using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Leadership;

/// <summary>Whether this control-plane instance may decide and command now, and with which term.</summary>
public interface ILeadership
{
    /// <summary>False when several instances are configured (<see cref="LeadershipOptions.Enabled"/>).</summary>
    bool SingleInstance { get; }

    /// <summary>True while this instance holds a lease that cannot have expired in the database (monotonic clock).</summary>
    bool IsLeader { get; }

    /// <summary>The term of the lease held, the fencing token of every command; 0 for a single instance.</summary>
    long Term { get; }

    /// <summary>The holder and term every guarded write compares with; null for a single instance.</summary>
    LeaderFence? Fence { get; }

    string InstanceName { get; }

    /// <summary>The leader's URL as last read from the lease (a follower forwards there); null while unknown.</summary>
    string? LeaderUrl { get; }

    string? LeaderName { get; }

    /// <summary>When this instance took the lease (UTC), for the console.</summary>
    DateTimeOffset? LeaderSince { get; }

    /// <summary>Completes when this instance becomes the leader (at once for a single instance).</summary>
    Task Acquired { get; }
}

/// <summary>The one instance is always the leader, with no term.</summary>
public sealed class SingleInstanceLeadership(TimeProvider time) : ILeadership
{
    private readonly DateTimeOffset _since = time.GetUtcNow();

    public bool SingleInstance => true;

    public bool IsLeader => true;

    public long Term => 0;

    public LeaderFence? Fence => null;

    public string InstanceName => Environment.MachineName.ToLowerInvariant();

    public string? LeaderUrl => null;

    public string? LeaderName => InstanceName;

    public DateTimeOffset? LeaderSince => _since;

    public Task Acquired => Task.CompletedTask;
}
