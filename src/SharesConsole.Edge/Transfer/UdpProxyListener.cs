using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer.Datagrams;

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
        Handle = socket.SafeHandle;
        _loop = context.Datagrams.IsEnabled ? ReceiveBatchesAsync(_stopping.Token) : ReceiveLoopAsync(_stopping.Token);
    }

    public IPEndPoint Endpoint { get; }

    public int FlowCount => _flows.Count;

    internal Socket Socket { get; }

    /// <summary>The socket's handle for recvmmsg and sendmmsg, kept because each read of <see cref="Socket.SafeHandle"/> marks it exposed.</summary>
    internal SafeSocketHandle Handle { get; }

    /// <summary>Binds the port; <paramref name="portOffset"/> is added to the node's FASP port (port ranges).</summary>
    public static UdpProxyListener Open(IPEndPoint endpoint, int portOffset, TransferContext context, IdleSweeper idle)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var socket = context.UdpSockets.Create(endpoint.AddressFamily);
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

    /// <summary>
    /// The Linux path: wait until datagrams are queued (a zero-byte peek, which holds no buffer), then take them with
    /// recvmmsg and hand each client's run of datagrams to its flow in one sendmmsg, until the queue is empty.
    /// </summary>
    private async Task ReceiveBatchesAsync(CancellationToken token)
    {
        await Task.Yield();
        var batches = _context.Datagrams;
        var handle = Handle;
        var from = new SocketAddress(Endpoint.AddressFamily);
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                EdgeLog.DatagramDropped(_context.Logger, "?", ex.SocketErrorCode.ToString());
                continue;
            }

            var batch = batches.Rent();
            try
            {
                int received;
                do
                {
                    received = batch.Receive(handle, out var error);
                    if (received < 0)
                    {
                        if (batches.IsUnsupported(error))
                        {
                            break;
                        }

                        if (error != DatagramBatches.WouldBlock)
                        {
                            EdgeLog.DatagramDropped(_context.Logger, "?", Marshal.GetPInvokeErrorMessage(error));
                        }

                        break;
                    }

                    await DispatchAsync(batch, 0, received, from).ConfigureAwait(false);
                }
                while (received == batch.Capacity);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                batches.Disable(ex.Message);
            }
            finally
            {
                batches.Return(batch);
            }

            if (!batches.IsEnabled)
            {
                await ReceiveLoopAsync(token).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>
    /// Runs of datagrams from one client go to its flow in one call; empty datagrams are dropped and counted.
    /// Synchronous unless a node's socket buffer is full.
    /// </summary>
    private ValueTask DispatchAsync(DatagramBatch batch, int start, int received, SocketAddress from)
    {
        while (start < received)
        {
            var source = batch.SourceOf(start);
            if (batch.LengthOf(start) == 0)
            {
                Dropped(source, "empty datagram");
                start++;
                continue;
            }

            var end = start + 1;
            while (end < received && batch.LengthOf(end) > 0 && batch.SourceOf(end).SequenceEqual(source))
            {
                end++;
            }

            source.CopyTo(from.Buffer.Span);
            from.Size = source.Length;
            if (!_flows.TryGetValue(from, out var flow) || flow.IsClosed)
            {
                flow = OpenFlow(from);
            }

            if (flow?.ForwardAsync(batch, start, end - start) is { IsCompletedSuccessfully: false } sending)
            {
                return DispatchRestAsync(sending, batch, end, received, from);
            }

            start = end;
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask DispatchRestAsync(ValueTask<bool> sending, DatagramBatch batch, int next, int received, SocketAddress from)
    {
        await sending.ConfigureAwait(false);
        await DispatchAsync(batch, next, received, from).ConfigureAwait(false);
    }

    private void Dropped(ReadOnlySpan<byte> source, string reason)
    {
        _context.Counters.For(EdgeCounters.NoNode, EdgeProtocol.Fasp).Error();
        if (_context.Logger.IsEnabled(LogLevel.Debug) && _context.Throttle.ShouldLog("udp dropped", out _))
        {
            var address = new SocketAddress(Endpoint.AddressFamily, source.Length);
            source.CopyTo(address.Buffer.Span);
            EdgeLog.DatagramDropped(_context.Logger, Describe(address), reason);
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

        var upstream = _context.UdpSockets.Create(node.Address.AddressFamily);
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
