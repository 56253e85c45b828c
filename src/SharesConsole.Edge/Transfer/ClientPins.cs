using System.Net;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// Keeps a client on the node its live sessions use. Rendezvous hashing picks the node for a client with no
/// live SSH session or FASP flow; while one lives, every new session of that client (either protocol) joins it
/// on the same node, even if a node that rejoined the pool would now win the hash. Without this, a FASP flow
/// opened while a node was away stays on the survivor while the client's next SSH session goes back to the
/// returning node, and the transfer breaks. A pin ends with the client's last session, or when its node leaves
/// the pool. Touched once per new session or flow, never per packet.
/// </summary>
public sealed class ClientPins
{
    private readonly Dictionary<IPAddress, Pin> _pins = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pins.Count;
            }
        }
    }

    /// <summary>The node for a new session of <paramref name="client"/>, counted as live until <see cref="Release"/>.</summary>
    public TransferDestination? Acquire(IPAddress client, TransferPool pool, string? except = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pool);
        lock (_lock)
        {
            if (_pins.TryGetValue(client, out var pin) && pin.Node != except &&
                pool.Members.FirstOrDefault(m => m.Node == pin.Node) is { } pinned)
            {
                pin.Sessions++;
                return pinned;
            }

            var chosen = pool.Select(TransferPool.Key(client), except);
            if (chosen is null)
            {
                return null;
            }

            if (pin is null)
            {
                _pins[client] = new Pin { Node = chosen.Node, Sessions = 1 };
            }
            else
            {
                pin.Node = chosen.Node;
                pin.Sessions++;
            }

            return chosen;
        }
    }

    /// <summary>One session of <paramref name="client"/> ended (or never connected).</summary>
    public void Release(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_lock)
        {
            if (_pins.TryGetValue(client, out var pin) && --pin.Sessions <= 0)
            {
                _pins.Remove(client);
            }
        }
    }

    private sealed class Pin
    {
        public required string Node { get; set; }

        public int Sessions { get; set; }
    }
}
