using System.Collections.Immutable;
using System.Net;
using SharesConsole.Core.Affinity;

namespace SharesConsole.Edge.Pools;

/// <summary>The transfer nodes that accept new clients; SSH and FASP both pick from here so a client lands on one node.</summary>
public sealed class TransferPool
{
    private readonly ulong[] _seeds;
    private readonly int[] _weights;

    public TransferPool(ImmutableArray<TransferDestination> members)
    {
        Members = members;
        _seeds = [.. members.Select(m => m.Seed)];
        _weights = [.. members.Select(m => Math.Max(1, m.Weight))];
    }

    public static TransferPool Empty { get; } = new([]);

    public ImmutableArray<TransferDestination> Members { get; }

    public static ulong Key(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Span<byte> bytes = stackalloc byte[16];
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return address.TryWriteBytes(bytes, out var written) ? RendezvousHash.HashKey(bytes[..written]) : 0;
    }

    /// <summary>The node for a client, or null when the pool is empty (or holds only <paramref name="except"/>).</summary>
    public TransferDestination? Select(ulong clientKey, string? except = null)
    {
        if (except is null)
        {
            var index = RendezvousHash.Select(clientKey, _seeds, _weights);
            return index < 0 ? null : Members[index];
        }

        var others = Members.Where(m => m.Node != except).ToArray();
        var pick = RendezvousHash.Select(clientKey, [.. others.Select(o => o.Seed)], [.. others.Select(o => Math.Max(1, o.Weight))]);
        return pick < 0 ? null : others[pick];
    }

    public bool Contains(string node) => Members.Any(m => m.Node == node);
}
