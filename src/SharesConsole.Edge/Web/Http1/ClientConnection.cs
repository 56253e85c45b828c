using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using SharesConsole.Edge.Drain;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// A client's connection on the connection forwarder: who it is (once, not per request), its pipes, and its one timer:
/// the keep-alive wait between requests, then the head deadline once a request has begun, off while a request is forwarded.
/// </summary>
internal sealed class ClientConnection : IDrainable, IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly ITimer _timer;
    private readonly TimeSpan _keepAlive;
    private readonly TimeSpan _headers;
    private int _phase;

    public ClientConnection(ConnectionContext connection, TimeProvider time, TimeSpan keepAlive, TimeSpan headers, Func<IPAddress?, bool> trusted)
    {
        _connection = connection;
        _keepAlive = keepAlive;
        _headers = headers;
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        Address = address is null ? "unknown"u8.ToArray() : Encoding.ASCII.GetBytes((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
        Trusted = trusted(address);
        Sink = new PipeSink(connection.Transport.Output);
        _timer = time.CreateTimer(static state => ((ClientConnection)state!).TimedOut(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public byte[] Address { get; }

    public bool Trusted { get; }

    public PipeReader Input => _connection.Transport.Input;

    public PipeWriter Output => _connection.Transport.Output;

    public PipeSink Sink { get; }

    public CancellationToken Closed => _connection.ConnectionClosed;

    public ConnectionContext Context => _connection;

    /// <summary>Set when the timer ended the wait: the read that follows is canceled.</summary>
    public bool TimedOutWaiting { get; private set; }

    /// <summary>Waiting for the next request (keep-alive timeout).</summary>
    public void AwaitRequest() => Arm(1, _keepAlive);

    /// <summary>A request's first bytes are here: the rest of its head must follow within the head timeout.</summary>
    public void RequestBegun()
    {
        if (_phase != 2)
        {
            Arm(2, _headers);
        }
    }

    /// <summary>The head is complete: no timer while the request is forwarded.</summary>
    public void Forwarding() => Arm(0, Timeout.InfiniteTimeSpan);

    private void Arm(int phase, TimeSpan due)
    {
        _phase = phase;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void TimedOut()
    {
        if (_phase != 0)
        {
            TimedOutWaiting = true;
            Input.CancelPendingRead();
        }
    }

    public void Close() => _connection.Abort(new ConnectionAbortedException("The node's drain deadline passed."));

    public void Dispose() => _timer.Dispose();
}
