using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using SharesConsole.Edge.Drain;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// A client's connection on the connection forwarder: who it is (once, not per request), its pipes, and its one timer:
/// the keep-alive wait between requests, the head deadline once a request has begun, and the node's response deadline
/// once the request went out (in place of a linked token source and a timer per request); off otherwise.
/// </summary>
internal sealed class ClientConnection : IDrainable, IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly TimeSpan _keepAlive;
    private readonly TimeSpan _headers;
    private readonly TimeSpan _response;
    private readonly Lock _lock = new();
    private Phase _phase;
    private long _deadline;

    /// <summary>When the timer fires next (timestamp), <see cref="long.MaxValue"/> when it is off.</summary>
    private long _armed = long.MaxValue;
    private PipeReader? _node;

    public ClientConnection(
        ConnectionContext connection, TimeProvider time, TimeSpan keepAlive, TimeSpan headers, TimeSpan response, Func<IPAddress?, bool> trusted)
    {
        _connection = connection;
        _time = time;
        _keepAlive = keepAlive;
        _headers = headers;
        _response = response;
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        Address = address is null ? "unknown"u8.ToArray() : Encoding.ASCII.GetBytes((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
        Trusted = trusted(address);
        Sink = new PipeSink(connection.Transport.Output);
        _timer = time.CreateTimer(static state => ((ClientConnection)state!).TimedOut(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private enum Phase
    {
        Off,
        KeepAlive,
        Head,

        /// <summary>A request went to a node, whose response head is awaited.</summary>
        Response,

        /// <summary>The response deadline fired: the node's read was canceled, and the exchange is over.</summary>
        ResponseLate,
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
    public void AwaitRequest() => Arm(Phase.KeepAlive, _keepAlive);

    /// <summary>A request's first bytes are here: the rest of its head must follow within the head timeout.</summary>
    public void RequestBegun()
    {
        if (_phase != Phase.Head)
        {
            Arm(Phase.Head, _headers);
        }
    }

    /// <summary>The head is complete: no timer while the request is forwarded.</summary>
    public void Forwarding() => Arm(Phase.Off, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// The request went out on <paramref name="node"/>: its response head must begin within the response timeout, or the
    /// timer cancels the pending read there (and a pending flush of an interim response to the client).
    /// </summary>
    public void AwaitResponse(PipeReader node) => Arm(Phase.Response, _response, node);

    /// <summary>An interim response was relayed: the final one must come by the same deadline.</summary>
    public void AwaitFinalResponse(PipeReader node)
    {
        lock (_lock)
        {
            // Nothing moved the deadline since AwaitResponse: it is still the request's.
            _phase = Phase.Response;
            _node = node;
            ArmBy(_deadline);
        }
    }

    /// <summary>
    /// Ends the wait for a response head. True when the deadline fired first: the node's reader may then hold a canceled
    /// read, so neither it nor its connection may be used again. False guarantees the timer never touches that reader.
    /// </summary>
    public bool ResponseArrived()
    {
        lock (_lock)
        {
            if (_phase is not (Phase.Response or Phase.ResponseLate))
            {
                return false;
            }

            var late = _phase == Phase.ResponseLate;
            _phase = Phase.Off;
            _node = null; // the timer may still fire: with the phase off it does nothing (the deadline stays for AwaitFinalResponse)
            return late;
        }
    }

    // Under the lock, so that a firing sees the phase and deadline it belongs to.
    private void Arm(Phase phase, TimeSpan due, PipeReader? node = null)
    {
        lock (_lock)
        {
            _phase = phase;
            _node = node;
            _deadline = due == Timeout.InfiniteTimeSpan ? long.MaxValue : _time.GetTimestamp() + (long)(due.TotalSeconds * _time.TimestampFrequency);
            ArmBy(_deadline);
        }
    }

    /// <summary>
    /// Moves the timer only when <paramref name="deadline"/> comes before the time it is armed for. Back-to-back requests
    /// then touch the timer about once per response timeout instead of four times per request: a firing that finds its
    /// phase's deadline still ahead arms the timer for the rest (<see cref="TimedOut"/>). Under the lock.
    /// </summary>
    private void ArmBy(long deadline)
    {
        if (deadline < _armed)
        {
            _armed = deadline;
            _timer.Change(Left(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Time to the deadline, rounded up to the timer's millisecond; zero once it passed.</summary>
    private TimeSpan Left()
    {
        var left = _time.GetElapsedTime(_time.GetTimestamp(), _deadline);
        return left > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)) : TimeSpan.Zero;
    }

    private void TimedOut()
    {
        PipeReader? node;
        lock (_lock)
        {
            _armed = long.MaxValue; // it fired: off until armed again
            if (_phase is Phase.Off or Phase.ResponseLate)
            {
                return;
            }

            var left = Left();
            if (left > TimeSpan.Zero)
            {
                // Armed for an earlier deadline than this phase's (a response deadline that met its head, now finding the
                // keep-alive wait), or a coarse timer a hair early: only this phase's own deadline counts.
                _armed = _deadline;
                _timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            if (_phase == Phase.Response)
            {
                _phase = Phase.ResponseLate;
                node = _node;
            }
            else
            {
                TimedOutWaiting = true;
                node = null;
            }
        }

        // Outside the lock: a canceled read may run its continuation on this thread. A cancel that comes after the
        // exchange saw the late phase only reaches a reader and a connection the exchange has given up.
        if (node is null)
        {
            Input.CancelPendingRead();
            return;
        }

        Output.CancelPendingFlush();
        node.CancelPendingRead();
    }

    public void Close() => _connection.Abort(new ConnectionAbortedException("The node's drain deadline passed."));

    public void Dispose()
    {
        lock (_lock)
        {
            // A firing under way then finds nothing to do, and never re-arms the disposed timer.
            _phase = Phase.Off;
            _timer.Dispose();
        }
    }
}
