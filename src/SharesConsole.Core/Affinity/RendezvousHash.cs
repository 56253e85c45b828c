using System.Text;

namespace SharesConsole.Core.Affinity;

/// <summary>
/// Highest-random-weight hashing: every node scores the key and the highest score wins, so a node
/// that leaves only moves the keys it held and every caller that sees the same nodes picks the same one.
/// </summary>
public static class RendezvousHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Hashes a key such as a client's address bytes.</summary>
    public static ulong HashKey(ReadOnlySpan<byte> key)
    {
        var hash = FnvOffset;
        foreach (var b in key)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return Mix(hash);
    }

    /// <summary>The seed of a node, computed once per pool change.</summary>
    public static ulong HashName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return HashKey(Encoding.UTF8.GetBytes(name)) ^ 0x9E3779B97F4A7C15UL;
    }

    /// <summary>The score of one node for one key; higher wins.</summary>
    public static ulong Score(ulong keyHash, ulong nodeSeed) => Mix(keyHash ^ nodeSeed);

    /// <summary>The index of the winning node, or -1 when there is none.</summary>
    public static int Select(ulong keyHash, ReadOnlySpan<ulong> nodeSeeds)
    {
        var best = -1;
        var bestScore = 0UL;
        for (var i = 0; i < nodeSeeds.Length; i++)
        {
            var score = Score(keyHash, nodeSeeds[i]);
            if (best < 0 || score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Weighted selection: a node with twice the weight wins about twice as many keys.</summary>
    public static int Select(ulong keyHash, ReadOnlySpan<ulong> nodeSeeds, ReadOnlySpan<int> weights)
    {
        if (weights.Length != nodeSeeds.Length)
        {
            throw new ArgumentException("One weight per node is required.", nameof(weights));
        }

        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < nodeSeeds.Length; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }

            // Uniform in (0, 1); -w / ln(u) is the standard weighted rendezvous score.
            var unit = ((Score(keyHash, nodeSeeds[i]) >> 11) + 0.5) / (1UL << 53);
            var score = -weights[i] / Math.Log(unit);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Convenience form: the winning node name for a key, or null for an empty list.</summary>
    public static string? Select(ReadOnlySpan<byte> key, IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Span<ulong> seeds = nodes.Count <= 64 ? stackalloc ulong[nodes.Count] : new ulong[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            seeds[i] = HashName(nodes[i]);
        }

        var index = Select(HashKey(key), seeds);
        return index < 0 ? null : nodes[index];
    }

    // splitmix64 finalizer: spreads FNV's weak low bits over the whole word.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
