using System.Buffers.Binary;
using SharesConsole.Core.Affinity;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>A node that may take new transfer clients, with its rendezvous weight.</summary>
public sealed record BucketCandidate(string Node, int Weight);

/// <summary>
/// Assigns the 256 buckets to nodes. A bucket's ideal node is the rendezvous winner among the pool's members; a
/// bucket leaves its node only when that node left the pool, and goes back to its ideal node only when no live flow
/// of the bucket still uses the node it has now: a client whose SSH session runs on the survivor must get its next
/// FASP flow there too.
/// </summary>
public static class BucketPlanner
{
    /// <param name="previous">The assignment in force (node per bucket, null for none), or empty at start.</param>
    /// <param name="members">The nodes that accept new clients now.</param>
    /// <param name="live">Buckets with a live flow on a node, as (bucket, node).</param>
    public static string?[] Plan(IReadOnlyList<string?> previous, IReadOnlyList<BucketCandidate> members, IReadOnlySet<(int Bucket, string Node)> live)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(live);
        var seeds = members.Select(m => RendezvousHash.HashName(m.Node)).ToArray();
        var weights = members.Select(m => Math.Max(1, m.Weight)).ToArray();
        var names = members.Select(m => m.Node).ToHashSet(StringComparer.Ordinal);
        var plan = new string?[Jhash.Buckets];
        Span<byte> key = stackalloc byte[4];
        for (var bucket = 0; bucket < plan.Length; bucket++)
        {
            BinaryPrimitives.WriteInt32BigEndian(key, bucket);
            var index = RendezvousHash.Select(RendezvousHash.HashKey(key), seeds, weights);
            var ideal = index < 0 ? null : members[index].Node;
            var current = bucket < previous.Count ? previous[bucket] : null;
            plan[bucket] = current is not null && names.Contains(current) && current != ideal && live.Contains((bucket, current))
                ? current
                : ideal;
        }

        return plan;
    }
}
