using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Web.Http1;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web.Http1;

/// <summary>The client connection's one timer in its response phase: what it cancels, and when it no longer may.</summary>
public sealed class ClientConnectionTests : IDisposable
{
    private static readonly TimeSpan Response = TimeSpan.FromSeconds(10);

    private readonly LateFiringClock _time = new();
    private readonly Pipe _node = new();
    private readonly Pipe _fromClient = new();
    private readonly Pipe _toClient = new();
    private readonly ClientConnection _client;

    public ClientConnectionTests()
    {
        var context = new DefaultConnectionContext { Transport = new DuplexPipe(_fromClient.Reader, _toClient.Writer) };
        _client = new ClientConnection(context, _time, TimeSpan.FromSeconds(130), TimeSpan.FromSeconds(30), Response, _ => false);
    }

    [Fact]
    public async Task ResponseArrived_DeadlineFiredFirst_TrueAndTheNodeReadCanceled()
    {
        _client.AwaitResponse(_node.Reader);
        var read = _node.Reader.ReadAsync();

        _time.Advance(Response);

        Assert.True((await read.AsTask().WaitAsync("the canceled read")).IsCanceled);
        Assert.True(_client.ResponseArrived());
    }

    [Fact]
    public async Task ResponseArrived_BeforeTheDeadline_FalseAndTheTimerNeverCancelsTheNodeReadAfter()
    {
        _client.AwaitResponse(_node.Reader);
        _time.Advance(Response - TimeSpan.FromMilliseconds(1));

        Assert.False(_client.ResponseArrived());
        _time.Advance(TimeSpan.FromHours(1));

        // A stray cancel would make this read return at once, canceled: the body copy would take it for a cut-off body.
        var read = _node.Reader.ReadAsync();
        Assert.False(read.IsCompleted);
        await _node.Writer.WriteAsync("body"u8.ToArray());
        Assert.False((await read.AsTask().WaitAsync("the body's read")).IsCanceled);
        Assert.False(_client.ResponseArrived());
    }

    [Fact]
    public async Task AwaitFinalResponse_AfterAnInterimResponse_TheFirstDeadlineHolds()
    {
        _client.AwaitResponse(_node.Reader);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(_client.ResponseArrived());

        _client.AwaitFinalResponse(_node.Reader);
        var read = _node.Reader.ReadAsync();
        _time.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        Assert.False(read.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True((await read.AsTask().WaitAsync("the canceled read")).IsCanceled);
        Assert.True(_client.ResponseArrived());
    }

    [Fact]
    public async Task AwaitFinalResponse_DeadlinePassedWhileTheInterimWasRelayed_FiresAtOnce()
    {
        _client.AwaitResponse(_node.Reader);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(_client.ResponseArrived());
        _time.Advance(TimeSpan.FromSeconds(5));

        _client.AwaitFinalResponse(_node.Reader);
        _time.Advance(TimeSpan.Zero);

        Assert.True((await _node.Reader.ReadAsync().AsTask().WaitAsync("the canceled read")).IsCanceled);
        Assert.True(_client.ResponseArrived());
    }

    [Fact]
    public async Task TimedOut_WhileAnInterimResponseIsFlushed_TheFlushEnds()
    {
        _client.AwaitResponse(_node.Reader);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_client.ResponseArrived());
        _client.AwaitFinalResponse(_node.Reader);

        // A client that does not read: the flush waits on the pipe's back-pressure until the deadline ends it.
        _client.Output.Write(new byte[70_000]);
        var flush = _client.Output.FlushAsync();
        Assert.False(flush.IsCompleted);
        _time.Advance(Response);

        Assert.True((await flush.AsTask().WaitAsync("the canceled flush")).IsCanceled);
        Assert.True(_client.ResponseArrived());
    }

    [Fact]
    public void ResponseArrived_NoResponseAwaited_False() => Assert.False(_client.ResponseArrived());

    [Fact]
    public async Task TimedOut_TheResponseDeadlinesFiringRunsOnlyOnceTheKeepAliveWaitBegan_TheWaitGoesOn()
    {
        // The deadline fired as the head arrived, and its callback ran only after the response was relayed.
        _client.AwaitResponse(_node.Reader);
        Assert.False(_client.ResponseArrived());
        _client.AwaitRequest();
        _time.Advance(Response);

        _time.FireLate();

        Assert.False(_client.TimedOutWaiting);
        var read = _fromClient.Reader.ReadAsync();
        Assert.False(read.IsCompleted);
        await _fromClient.Writer.WriteAsync("GET"u8.ToArray());
        Assert.False((await read.AsTask().WaitAsync("the next request's read")).IsCanceled);
    }

    [Fact]
    public async Task TimedOut_TheKeepAliveFiringRunsOnlyOnceTheResponseWaitBegan_TheWaitGoesOnToItsOwnDeadline()
    {
        _client.AwaitRequest();
        _client.Forwarding();
        _client.AwaitResponse(_node.Reader);

        _time.FireLate();
        var read = _node.Reader.ReadAsync();

        Assert.False(_client.TimedOutWaiting);
        Assert.False(read.IsCompleted);
        _time.Advance(Response);
        Assert.True((await read.AsTask().WaitAsync("the canceled read")).IsCanceled);
        Assert.True(_client.ResponseArrived());
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A fake clock that can also run a timer's callback once more, as a firing already under way when it was re-armed would.</summary>
    private sealed class LateFiringClock : FakeTimeProvider
    {
        private TimerCallback? _callback;
        private object? _state;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _callback = callback;
            _state = state;
            return base.CreateTimer(callback, state, dueTime, period);
        }

        public void FireLate() => _callback!(_state);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
