using System.Collections.Concurrent;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>
/// When this control plane last granted each node the active lease, on the monotonic clock. The agent's lease runs
/// from the send of the heartbeat the grant answers, which is before the grant, so the agent's lease is certainly
/// over once <see cref="Remaining"/> reaches zero. Grants from before this process started are unknown: they are
/// assumed to have been made at the start, with the lease of the first grant or fence asked about.
/// </summary>
public sealed class LeaseGrants(TimeProvider time)
{
    private readonly long _startedAt = time.GetTimestamp();
    private readonly ConcurrentDictionary<string, NodeGrants> _nodes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Grants <paramref name="node"/> the lease unless <paramref name="mayGrant"/> says no, and records the grant
    /// before the ack can leave. A fence that reads <see cref="Remaining"/> after <paramref name="mayGrant"/> turned
    /// false sees every grant made before.
    /// </summary>
    public bool TryGrant(string node, TimeSpan lease, Func<bool> mayGrant)
    {
        ArgumentNullException.ThrowIfNull(mayGrant);
        var grants = _nodes.GetOrAdd(node, _ => new NodeGrants());
        lock (grants)
        {
            if (!mayGrant())
            {
                return false;
            }

            grants.At = time.GetTimestamp();
            grants.Lease = lease;
            return true;
        }
    }

    /// <summary>
    /// How long the node may still hold a lease granted by this control plane: from its last grant (or this
    /// process's start when none is known) plus that grant's lease (at least <paramref name="lease"/>) plus
    /// <paramref name="margin"/>; zero once over.
    /// </summary>
    public TimeSpan Remaining(string node, TimeSpan lease, TimeSpan margin)
    {
        var grants = _nodes.GetOrAdd(node, _ => new NodeGrants());
        long at;
        TimeSpan granted;
        lock (grants)
        {
            (at, granted) = grants.At is { } last ? (last, grants.Lease) : (_startedAt, lease);
        }

        var left = (granted > lease ? granted : lease) + margin - time.GetElapsedTime(at);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private sealed class NodeGrants
    {
        public long? At { get; set; }

        public TimeSpan Lease { get; set; }
    }
}
