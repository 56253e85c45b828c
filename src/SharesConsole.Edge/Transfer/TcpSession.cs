using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer;

/// <summary>One client connection: picks the client's node, connects (once more elsewhere on failure) and copies both ways.</summary>
internal sealed class TcpSession(Socket client, TransferContext context, IdleSweeper idle) : IIdleSession
{
    private readonly CancellationTokenSource _cts = new();
    private long _lastActivity = context.TimeProvider.GetTimestamp();
    private int _closed;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The session ended on its own meanwhile.
            }
        }
    }

    /// <summary>Runs the session; the listener has taken its connection slot for <paramref name="source"/>, released here.</summary>
    public async Task RunAsync(IPAddress source, CancellationToken stopping)
    {
        var remote = client.RemoteEndPoint as IPEndPoint;
        var clientText = remote?.ToString() ?? "?";
        Socket? upstream = null;
        TransferDestination? node = null;
        using var stop = stopping.Register(static s => ((TcpSession)s!).Close(), this);
        try
        {
            client.NoDelay = true;
            (node, upstream) = await ConnectAsync(remote, clientText).ConfigureAwait(false);
            if (node is null || upstream is null)
            {
                return;
            }

            node.Ssh.Started();
            context.Drain.Track(node.Node, this);
            idle.Add(this);
            var up = PumpAsync(client, upstream, node.Ssh, true);
            var down = PumpAsync(upstream, client, node.Ssh, false);
            var reasons = await Task.WhenAll(up, down).ConfigureAwait(false);
            EdgeLog.TcpSessionEnded(context.Logger, clientText, node.Node, reasons[0] ?? reasons[1] ?? "closed by both sides");
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            EdgeLog.TcpSessionEnded(context.Logger, clientText, node?.Node ?? "-", ex.Message);
        }
        finally
        {
            if (node is not null && upstream is not null)
            {
                idle.Remove(this);
                context.Drain.Untrack(node.Node, this);
                node.Ssh.Finished();
                Unpin(remote);
            }

            upstream?.Dispose();
            client.Dispose();
            context.LeaveTcp(source);
            Interlocked.Exchange(ref _closed, 1);
            _cts.Dispose();
        }
    }

    private async Task<(TransferDestination?, Socket?)> ConnectAsync(IPEndPoint? remote, string clientText)
    {
        var pool = context.Pools.Current.Transfer;
        var node = Pick(pool, remote, except: null);
        for (var attempt = 0; node is not null; attempt++)
        {
            var socket = new Socket(node.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
            timeout.CancelAfter(context.Options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(node.Address, node.SshPort, timeout.Token).ConfigureAwait(false);
                return (node, socket);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !_cts.IsCancellationRequested)
            {
                socket.Dispose();
                node.Ssh.Error();
                context.LogConnectFailed(node.Node, $"{node.Address}:{node.SshPort}", "ssh", ex.Message);
                context.Health.ReportFailure(node.Node, PoolKind.Transfer);
                Unpin(remote);
                node = attempt == 0 ? Pick(pool, remote, except: node.Node) : null;
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                Unpin(remote);
                throw;
            }
        }

        context.LogNoNode("ssh", clientText);
        context.Counters.For(EdgeCounters.NoNode, EdgeProtocol.Ssh).Error();
        return (null, null);
    }

    private TransferDestination? Pick(TransferPool pool, IPEndPoint? remote, string? except) =>
        remote is null ? pool.Select(0, except) : context.Pins.Acquire(remote.Address, pool, except);

    private void Unpin(IPEndPoint? remote)
    {
        if (remote is not null)
        {
            context.Pins.Release(remote.Address);
        }
    }

    /// <summary>
    /// Copies one direction. A buffer is held only while data flows: an idle session waits with a zero-byte receive and
    /// holds none (two idle sessions per client used to pin 2 × <c>TcpBufferSize</c> each for up to the idle timeout).
    /// </summary>
    private async Task<string?> PumpAsync(Socket from, Socket to, NodeCounters counters, bool toNode)
    {
        var token = _cts.Token;
        try
        {
            while (true)
            {
                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(context.Options.TcpBufferSize);
                try
                {
                    do
                    {
                        var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            // Half-close: pass the FIN on and keep the other direction open.
                            to.Shutdown(SocketShutdown.Send);
                            return null;
                        }

                        await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, token).ConfigureAwait(false);
                        Volatile.Write(ref _lastActivity, context.TimeProvider.GetTimestamp());
                        if (toNode)
                        {
                            counters.In(read);
                        }
                        else
                        {
                            counters.Out(read);
                        }
                    }
                    while (from.Available > 0);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (ex is SocketException)
            {
                counters.Error();
            }

            Close();
            return ex is OperationCanceledException ? "closed (idle, drain or shutdown)" : ex.Message;
        }
    }
}
