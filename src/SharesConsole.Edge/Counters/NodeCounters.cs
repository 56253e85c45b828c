using System.Runtime.CompilerServices;

namespace SharesConsole.Edge.Counters;

/// <summary>Lock-free counters of one node and protocol; callers keep the instance, so the hot path is one interlocked add.</summary>
public sealed class NodeCounters(string node, EdgeProtocol protocol)
{
    private long _requests;
    private readonly long[] _statusClasses = new long[5];
    private long _bytesIn;
    private long _bytesOut;
    private long _open;
    private long _flows;
    private long _datagrams;
    private long _errors;

    public string Node { get; } = node;

    public EdgeProtocol Protocol { get; } = protocol;

    public void Started() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _open); }

    public void Finished() => Interlocked.Decrement(ref _open);

    public void FlowOpened() { Interlocked.Increment(ref _requests); Interlocked.Increment(ref _flows); }

    public void FlowClosed() => Interlocked.Decrement(ref _flows);

    public void Status(int statusCode)
    {
        var index = (statusCode / 100) - 1;
        if ((uint)index < 5)
        {
            Interlocked.Increment(ref _statusClasses[index]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void In(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Out(long bytes) => Interlocked.Add(ref _bytesOut, bytes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Datagram(long bytes)
    {
        Interlocked.Increment(ref _datagrams);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>The kernel path counts in batches: flows it saw appear since the last read.</summary>
    public void AddRequests(long count) => Interlocked.Add(ref _requests, count);

    /// <summary>The kernel path's datagrams from clients since the last read of its counters.</summary>
    public void Datagrams(long count, long bytes)
    {
        Interlocked.Add(ref _datagrams, count);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    /// <summary>The kernel path's open TCP connections, as conntrack lists them.</summary>
    public void SetOpen(long open) => Volatile.Write(ref _open, open);

    /// <summary>The kernel path's open UDP flows, as conntrack lists them.</summary>
    public void SetFlows(long flows) => Volatile.Write(ref _flows, flows);

    public EdgeCounterSnapshot Snapshot() => new()
    {
        Node = Node,
        Protocol = Protocol,
        Requests = Volatile.Read(ref _requests),
        Responses1xx = Volatile.Read(ref _statusClasses[0]),
        Responses2xx = Volatile.Read(ref _statusClasses[1]),
        Responses3xx = Volatile.Read(ref _statusClasses[2]),
        Responses4xx = Volatile.Read(ref _statusClasses[3]),
        Responses5xx = Volatile.Read(ref _statusClasses[4]),
        BytesIn = Volatile.Read(ref _bytesIn),
        BytesOut = Volatile.Read(ref _bytesOut),
        OpenConnections = Volatile.Read(ref _open),
        OpenUdpFlows = Volatile.Read(ref _flows),
        Datagrams = Volatile.Read(ref _datagrams),
        Errors = Volatile.Read(ref _errors),
    };
}
