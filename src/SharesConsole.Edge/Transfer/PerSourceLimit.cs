using System.Collections.Concurrent;
using System.Net;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// Counts what each client address holds open (TCP connections or UDP flows) against a per-source limit, so one address
/// (or a spoofed UDP source) cannot take every slot of the edge's global limit. IPv4-mapped IPv6 addresses count as IPv4.
/// </summary>
public sealed class PerSourceLimit(int limit)
{
    private readonly ConcurrentDictionary<IPAddress, int> _counts = new();

    public int Limit => limit;

    /// <summary>Addresses holding at least one.</summary>
    public int Sources => _counts.Count;

    public int CountOf(IPAddress source) => _counts.GetValueOrDefault(Normalize(source));

    public bool TryEnter(IPAddress source)
    {
        var key = Normalize(source);
        while (true)
        {
            if (_counts.TryGetValue(key, out var held))
            {
                if (held >= limit)
                {
                    return false;
                }

                if (_counts.TryUpdate(key, held + 1, held))
                {
                    return true;
                }
            }
            else if (_counts.TryAdd(key, 1))
            {
                return true;
            }
        }
    }

    public void Leave(IPAddress source)
    {
        var key = Normalize(source);
        while (_counts.TryGetValue(key, out var held))
        {
            var done = held <= 1
                ? _counts.TryRemove(new KeyValuePair<IPAddress, int>(key, held))
                : _counts.TryUpdate(key, held - 1, held);
            if (done)
            {
                return;
            }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
