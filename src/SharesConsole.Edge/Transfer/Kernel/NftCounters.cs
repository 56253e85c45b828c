using System.Text.Json;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>Packets and bytes of one named nftables counter.</summary>
public readonly record struct NftCounter(long Packets, long Bytes);

/// <summary>Reads <c>nft -j list counters table ip T</c>.</summary>
public static class NftCounters
{
    public static IReadOnlyDictionary<string, NftCounter> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var counters = new Dictionary<string, NftCounter>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return counters;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("counter", out var counter)
                && counter.TryGetProperty("name", out var name)
                && counter.TryGetProperty("packets", out var packets)
                && counter.TryGetProperty("bytes", out var bytes))
            {
                counters[name.GetString() ?? ""] = new NftCounter(packets.GetInt64(), bytes.GetInt64());
            }
        }

        return counters;
    }
}
