using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// One FASP port on the VIP. Datagrams are received into one pinned buffer with a reused <see cref="SocketAddress"/>,
/// so the steady state allocates nothing per datagram; a new client endpoint opens a <see cref="UdpFlow"/>.
/// </summary>
public sealed class UdpProxyListener : IAsyncDisposable
{
    /// <summary>Largest UDP payload over IPv4/IPv6 without jumbograms, rounded up.</summary>
    public const int MaxDatagram = 65536;

    private readonly ConcurrentDictionary<SocketAddress, UdpFlow> _flows = new();
    private readonly TransferContext _context;
    private readonly IdleSweeper _idle;
    private readonly int _portOffset;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private UdpProxyListener(Socket socket, int portOffset, TransferContext context, IdleSweeper idle)
    {
        Socket = socket;
        _portOffset = portOffset;
        _context = context;
        _idle = idle;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = ReceiveLoopAsync(_stopping.Token);
    }

    public IPEndPoint Endpoint { get; }

    public int FlowCount => _flows.Count;

    internal Socket Socket { get; }

    /// <summary>Binds the port; <paramref name="portOffset"/> is added to the node's FASP port (port ranges).</summary>
    public static UdpProxyListener Open(IPEndPoint endpoint, int portOffset, TransferContext context, IdleSweeper idle)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var socket = NewSocket(endpoint.AddressFamily, context.Options.UdpSocketBufferSize);
        try
        {
            socket.Bind(endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new UdpProxyListener(socket, portOffset, context, idle);
    }

    internal static Socket NewSocket(AddressFamily family, int bufferSize)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = bufferSize;
        socket.SendBufferSize = bufferSize;
        return socket;
    }

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        await Task.Yield();
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(Endpoint.AddressFamily);
        while (!token.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await Socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // e.g. an ICMP error reported on the listener; other clients are unaffected.
                EdgeLog.DatagramDropped(_context.Logger, "?", ex.SocketErrorCode.ToString());
                continue;
            }

            if (read == 0)
            {
                EdgeLog.DatagramDropped(_context.Logger, Describe(from), "empty datagram");
                _context.Counters.For(EdgeCounters.NoNode, EdgeProtocol.Fasp).Error();
                continue;
            }

            if (!_flows.TryGetValue(from, out var flow) || flow.IsClosed)
            {
                flow = OpenFlow(from);
                if (flow is null)
                {
                    continue;
                }
            }

            await flow.SendAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
        }
    }

    private UdpFlow? OpenFlow(SocketAddress from)
    {
        var client = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(client.Buffer.Span);
        var endpoint = (IPEndPoint)Endpoint.Create(client);
        if (_context.TryEnterFlow(endpoint.Address) is { } refusal)
        {
            if (_context.Throttle.ShouldLog("udp refused", out var suppressed))
            {
                EdgeLog.UdpRefused(_context.Logger, endpoint.ToString(), refusal, suppressed);
            }

            _context.Counters.For(EdgeCounters.NoNode, EdgeProtocol.Fasp).Error();
            return null;
        }

        var node = _context.Pins.Acquire(endpoint.Address, _context.Pools.Current.Transfer);
        if (node is null)
        {
            _context.LeaveFlow(endpoint.Address);
            _context.LogNoNode("fasp", endpoint.ToString());
            _context.Counters.For(EdgeCounters.NoNode, EdgeProtocol.Fasp).Error();
            return null;
        }

        var upstream = NewSocket(node.Address.AddressFamily, _context.Options.UdpSocketBufferSize);
        try
        {
            upstream.Connect(node.Address, node.FaspPort + _portOffset);
        }
        catch (SocketException ex)
        {
            upstream.Dispose();
            _context.LeaveFlow(endpoint.Address);
            _context.Pins.Release(endpoint.Address);
            node.Fasp.Error();
            _context.LogConnectFailed(node.Node, $"{node.Address}:{node.FaspPort + _portOffset}", "fasp", ex.Message);
            return null;
        }

        var flow = new UdpFlow(this, client, endpoint, node, upstream, _context);
        _flows[client] = flow;
        node.Fasp.FlowOpened();
        _context.Drain.Track(node.Node, flow);
        _idle.Add(flow);
        flow.Start();
        return flow;
    }

    internal void Remove(UdpFlow flow)
    {
        _flows.TryRemove(new KeyValuePair<SocketAddress, UdpFlow>(flow.Client, flow));
        _idle.Remove(flow);
    }

    /// <summary>Closes flows whose node left the pool for health (drained nodes keep theirs until the drain deadline).</summary>
    public void CloseFlowsOfLostNodes(PoolSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var flow in _flows.Values)
        {
            var state = snapshot.Topology.Find(flow.Node.Node);
            var drainedOnly = state is not null && (state.IsDrained || state.IsExcluded);
            if (!drainedOnly && !snapshot.Transfer.Contains(flow.Node.Node))
            {
                flow.Close();
            }
        }
    }

    private string Describe(SocketAddress address) => Endpoint.Create(address).ToString() ?? "?";

    /// <summary>Stops receiving and closes every flow of this port.</summary>
    public void Close()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        Socket.Dispose();
        foreach (var flow in _flows.Values)
        {
            flow.Close();
        }

        EdgeLog.ListenerClosed(_context.Logger, "udp", Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
