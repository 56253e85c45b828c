using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// Kestrel connection middleware on the plain web port that forwards HTTP/1.1 itself: it reads each request head off the
/// connection, picks a node as <see cref="WebForwarder"/> does (same selector, affinity cookie, drain, counters, one retry
/// elsewhere for an idempotent body-less request whose connect failed), relays head and body over a pooled keep-alive
/// connection to the node, and streams the response back. The first request it does not handle (HTTP/1.0, HTTP/2,
/// upgrades, Expect, other transfer codings, absolute targets) hands the rest of the connection, unread, to Kestrel's
/// HTTP server and YARP. Malformed input gets 400 and a close; nothing is logged per request.
/// </summary>
internal sealed class Http1Forwarder : IDisposable
{
    private readonly EdgePools _pools;
    private readonly NodeHealthMonitor _health;
    private readonly DrainRegistry _drain;
    private readonly NodeCounters _noNode;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;
    private readonly DestinationSelector _selector;
    private readonly TrustedNetworks _trusted;
    private readonly RequestHeadParser _parser;
    private readonly ConcurrentDictionary<string, UpstreamPool> _upstreams = new(StringComparer.Ordinal);
    private readonly Transport.EventLoop? _loop;

    public Http1Forwarder(
        EdgePools pools,
        NodeHealthMonitor health,
        DrainRegistry drain,
        EdgeCounters counters,
        EdgeOptions options,
        TimeProvider time,
        ILogger logger,
        Transport.EventLoop? loop = null)
    {
        _loop = loop;
        _pools = pools;
        _health = health;
        _drain = drain;
        _options = options;
        _time = time;
        _logger = logger;
        _throttle = new LogThrottle(time, TimeSpan.FromMinutes(1));
        _noNode = counters.For(EdgeCounters.NoNode, EdgeProtocol.Web);
        _selector = new DestinationSelector(options.LoadBalancing);
        _trusted = new TrustedNetworks(options.TrustedProxies);
        _parser = new RequestHeadParser(options.CookieAffinity ? Encoding.ASCII.GetBytes(Uri.EscapeDataString(options.AffinityCookieName)) : null);
    }

    public async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        using var client = new ClientConnection(
            connection, _time, _options.WebKeepAliveTimeout, _options.WebRequestHeadersTimeout, _options.WebResponseTimeout, _trusted.Contains);
        var handOver = false;
        try
        {
            handOver = await ServeAsync(client).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ConnectionAbortedException or ObjectDisposedException)
        {
            // The client or a node went away mid-request: the connection ends, as it would on Kestrel.
        }
        catch (Exception ex)
        {
            if (_throttle.ShouldLog("connection", out var suppressed))
            {
                EdgeLog.WebConnectionFailed(_logger, ex, suppressed);
            }
        }

        if (handOver)
        {
            await next(connection).ConfigureAwait(false);
        }
    }

    /// <returns>True when the rest of the connection belongs to Kestrel's HTTP server.</returns>
    private async Task<bool> ServeAsync(ClientConnection client)
    {
        var input = client.Input;
        var maxHead = _options.WebMaxHeadSize;
        client.AwaitRequest();
        while (true)
        {
            var read = await input.ReadAsync(client.Closed).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (buffer.Length >= 2 && buffer.FirstSpan[0] == (byte)'\r' && buffer.FirstSpan.Length >= 2 && buffer.FirstSpan[1] == (byte)'\n')
            {
                buffer = buffer.Slice(2); // RFC 9112 2.2: empty lines before a request are ignored
            }

            if (client.TimedOutWaiting)
            {
                input.AdvanceTo(buffer.End);
                if (!buffer.IsEmpty)
                {
                    await RespondAsync(client, 408, "Request Timeout", close: true).ConfigureAwait(false);
                }

                return false;
            }

            var end = HeadEnd(buffer, maxHead);
            if (end < 0)
            {
                if (buffer.Length >= maxHead)
                {
                    input.AdvanceTo(buffer.End);
                    await RespondAsync(client, 431, "Request Header Fields Too Large", close: true).ConfigureAwait(false);
                    return false;
                }

                if (read.IsCompleted || read.IsCanceled || HttpSyntax.StartsBadly(buffer.FirstSpan))
                {
                    input.AdvanceTo(buffer.End);
                    if (!buffer.IsEmpty)
                    {
                        await RespondAsync(client, 400, "Bad Request", close: true).ConfigureAwait(false);
                    }

                    return false;
                }

                if (!buffer.IsEmpty)
                {
                    client.RequestBegun();
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            byte[]? copy = null;
            var upstreamHead = ArrayPool<byte>.Shared.Rent((2 * (int)end) + RequestHeadParser.Extra);
            try
            {
                var head = Contiguous(buffer, end, out copy);

                var result = _parser.Parse(head, client.Address, client.Trusted, upstreamHead, out var written, out var request);
                if (result == HeadResult.HandOver)
                {
                    client.Forwarding();
                    input.AdvanceTo(buffer.Start);
                    return true;
                }

                input.AdvanceTo(result == HeadResult.Malformed ? buffer.End : buffer.GetPosition(end));
                if (result == HeadResult.Malformed)
                {
                    await RespondAsync(client, 400, "Bad Request", close: true).ConfigureAwait(false);
                    return false;
                }

                client.Forwarding();
                if (!await ForwardAsync(client, request, upstreamHead.AsMemory(0, written)).ConfigureAwait(false))
                {
                    await client.Output.FlushAsync(client.Closed).ConfigureAwait(false);
                    return false;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(upstreamHead);
                if (copy is not null)
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }

            client.AwaitRequest();
        }
    }

    private static long HeadEnd(in ReadOnlySequence<byte> buffer, int max)
    {
        long end;
        if (buffer.IsSingleSegment)
        {
            end = HttpSyntax.FindHeadEnd(buffer.FirstSpan);
        }
        else
        {
            var reader = new SequenceReader<byte>(buffer);
            end = reader.TryReadTo(out ReadOnlySequence<byte> _, HttpSyntax.HeadEnd, advancePastDelimiter: true) ? reader.Consumed : -1;
        }

        return end > max ? -1 : end;
    }

    /// <returns>Whether the client's connection stays open for another request.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ForwardAsync(ClientConnection client, RequestHead request, ReadOnlyMemory<byte> head)
    {
        var node = Pick(request.AffinityNode, out var placed);
        if (node is null)
        {
            _noNode.Error();
            _noNode.Status(StatusCodes.Status503ServiceUnavailable);
            if (_throttle.ShouldLog("no-node", out var suppressed))
            {
                EdgeLog.NoNode(_logger, PoolKind.Web, "http", Encoding.ASCII.GetString(client.Address), suppressed);
            }

            var close = request.Close || request.HasBody;
            await RespondAsync(client, 503, "Service Unavailable", close).ConfigureAwait(false);
            return !close;
        }

        var retried = false;
        while (true)
        {
            node.Enter();
            node.Counters.Started();
            node.Counters.In(Math.Max(request.ContentLength, 0));
            _drain.Track(node.Node, client);
            Outcome outcome;
            try
            {
                outcome = await ExchangeAsync(client, node, request, head, placed).ConfigureAwait(false);
            }
            finally
            {
                _drain.Untrack(node.Node, client);
                node.Counters.Finished();
                node.Leave();
            }

            if (outcome.Status > 0)
            {
                node.Counters.Status(outcome.Status);
            }

            if (outcome.Kind != OutcomeKind.ConnectFailed)
            {
                return outcome.Kind == OutcomeKind.KeepAlive;
            }

            if (!retried && request.Idempotent && !request.HasBody && !client.Closed.IsCancellationRequested)
            {
                _health.ReportFailure(node.Node, PoolKind.Web);
                var other = _selector.Select(_pools.Current.Web, except: node);
                if (other is not null)
                {
                    if (_throttle.ShouldLog($"retry {node.Node}", out var suppressed))
                    {
                        EdgeLog.WebRetry(_logger, "HTTP/1.1", "(connection forwarder)", node.Node, other.Node, suppressed);
                    }

                    node = other;
                    placed = placed is null ? null : other.Node;
                    retried = true;
                    continue;
                }
            }

            node.Counters.Status(StatusCodes.Status502BadGateway);
            var close = request.Close || request.HasBody;
            await RespondAsync(client, 502, "Bad Gateway", close).ConfigureAwait(false);
            return !close;
        }
    }

    private WebDestination? Pick(string? wanted, out string? placed)
    {
        placed = null;
        var pool = _pools.Current.Web;
        if (!_options.CookieAffinity)
        {
            return _selector.Select(pool);
        }

        foreach (var destination in pool)
        {
            if (destination.Node == wanted)
            {
                return destination;
            }
        }

        var chosen = _selector.Select(pool);
        placed = chosen?.Node;
        return chosen;
    }

    private enum OutcomeKind
    {
        KeepAlive,
        Close,

        /// <summary>The node refused or did not answer the connect; nothing was read from the client's body nor sent to it.</summary>
        ConnectFailed,
    }

    private readonly record struct Outcome(OutcomeKind Kind, int Status);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome> ExchangeAsync(ClientConnection client, WebDestination node, RequestHead request, ReadOnlyMemory<byte> head, string? placed)
    {
        var pool = _upstreams.GetOrAdd(node.Prefix, static (prefix, self) => new UpstreamPool(prefix, self._options, self._time, self._loop), this);
        var cancel = client.Closed;
        for (var attempt = 0; ; attempt++)
        {
            var upstream = attempt == 0 ? pool.TakeIdle() : null;
            if (upstream is null)
            {
                try
                {
                    upstream = await pool.ConnectAsync(cancel).ConfigureAwait(false);
                }
                catch (Exception ex) when ((ex is SocketException or OperationCanceledException) && !cancel.IsCancellationRequested)
                {
                    Failed(node, ex, "ConnectFailed");
                    return new Outcome(OutcomeKind.ConnectFailed, 0);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException && !cancel.IsCancellationRequested)
                {
                    Failed(node, ex, "TlsFailed");
                    return await BadGatewayAsync(client, request).ConfigureAwait(false);
                }
            }

            var exchange = new Exchange(this, client, node, upstream, pool, request, placed);
            var outcome = await exchange.RunAsync(head).ConfigureAwait(false);
            if (outcome is { } done)
            {
                return done;
            }

            // A reused connection the node had closed: nothing reached either side, so the request goes again on a new one.
        }
    }

    private void Failed(WebDestination node, Exception? ex, string error)
    {
        node.Counters.Error();
        if (_throttle.ShouldLog($"failed {node.Node}", out var suppressed))
        {
            EdgeLog.WebForwardFailed(_logger, ex, node.Node, error, suppressed);
        }
    }

    /// <summary>
    /// The first <paramref name="end"/> bytes of <paramref name="buffer"/> as one span: in place when they are, else copied
    /// into a pooled array handed back in <paramref name="copy"/> for the caller to return.
    /// </summary>
    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> buffer, long end, out byte[]? copy)
    {
        if (buffer.FirstSpan.Length >= end)
        {
            copy = null;
            return buffer.FirstSpan[..(int)end];
        }

        copy = ArrayPool<byte>.Shared.Rent((int)end);
        buffer.Slice(0, end).CopyTo(copy);
        return copy.AsSpan(0, (int)end);
    }

    private static async ValueTask<Outcome> BadGatewayAsync(ClientConnection client, RequestHead request)
    {
        var close = request.Close || request.HasBody;
        await RespondAsync(client, 502, "Bad Gateway", close).ConfigureAwait(false);
        return new Outcome(close ? OutcomeKind.Close : OutcomeKind.KeepAlive, StatusCodes.Status502BadGateway);
    }

    private static async ValueTask RespondAsync(ClientConnection client, int status, string reason, bool close)
    {
        var text = close
            ? $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\n\r\n";
        client.Output.Write(Encoding.ASCII.GetBytes(text));
        await client.Output.FlushAsync(client.Closed).ConfigureAwait(false);
    }

    /// <summary>One request and its response on one node connection.</summary>
    private sealed class Exchange(
        Http1Forwarder owner, ClientConnection client, WebDestination node, UpstreamConnection upstream, UpstreamPool pool, RequestHead request, string? placed)
    {
        private bool _responded;

        /// <summary>The response deadline fired: the client's connection ends with this exchange, whatever else happened.</summary>
        private bool _late;

        /// <returns>Null when a reused connection turned out closed before anything was exchanged (send again).</returns>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<Outcome?> RunAsync(ReadOnlyMemory<byte> head)
        {
            var cancel = client.Closed;
            Task<CopyResult>? body = null;
            var keepUpstream = false;
            try
            {
                upstream.Sink.Write(head.Span);
                if (request.HasBody)
                {
                    body = SendBodyAsync();
                }
                else if (!await upstream.Sink.FlushAsync(cancel).ConfigureAwait(false))
                {
                    return upstream.Reused ? null : await FailAsync(null, "RequestFailed").ConfigureAwait(false);
                }

                ResponseHead? response;
                client.AwaitResponse(upstream.Reader);
                try
                {
                    response = await RelayHeadAsync(cancel).ConfigureAwait(false);
                }
                finally
                {
                    // However the wait ended, the timer must be done with this reader before anything else reads it.
                    _late |= client.ResponseArrived();
                }

                if (_late)
                {
                    return await TimedOutAsync().ConfigureAwait(false);
                }

                if (response is not { } final)
                {
                    return upstream.Reused && body is null && !_responded ? null : await FailAsync(null, "ResponseFailed").ConfigureAwait(false);
                }

                var (copied, bytes) = final.Framing switch
                {
                    BodyFraming.Length => await BodyCopier.CopyLengthAsync(upstream.Reader, client.Sink, final.ContentLength, cancel).ConfigureAwait(false),
                    BodyFraming.Chunked => await BodyCopier.CopyChunkedAsync(upstream.Reader, client.Sink, cancel).ConfigureAwait(false),
                    BodyFraming.UntilClose => await BodyCopier.CopyUntilCloseAsync(upstream.Reader, client.Sink, cancel).ConfigureAwait(false),
                    _ => (await client.Sink.FlushAsync(cancel).ConfigureAwait(false) ? CopyResult.Done : CopyResult.SinkClosed, 0L),
                };
                node.Counters.Out(bytes);
                if (copied != CopyResult.Done)
                {
                    // A body cut short: the client must not take it for whole.
                    node.Counters.Error();
                    client.Context.Abort();
                    return new Outcome(OutcomeKind.Close, final.Status);
                }

                var clientCloses = final.ClientCloses;
                if (body is not null)
                {
                    if (!body.IsCompleted)
                    {
                        // The node answered before it had the whole body: the rest is never read, so both connections end.
                        return new Outcome(OutcomeKind.Close, final.Status);
                    }

                    if (await body.ConfigureAwait(false) != CopyResult.Done)
                    {
                        return new Outcome(OutcomeKind.Close, final.Status);
                    }
                }

                keepUpstream = !final.NodeCloses;
                return new Outcome(clientCloses ? OutcomeKind.Close : OutcomeKind.KeepAlive, final.Status);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException && !cancel.IsCancellationRequested)
            {
                if (_late)
                {
                    return await TimedOutAsync().ConfigureAwait(false);
                }

                return !_responded && upstream.Reused && body is null ? null : await FailAsync(ex, "ResponseFailed").ConfigureAwait(false);
            }
            finally
            {
                if (body is { IsCompleted: false })
                {
                    client.Input.CancelPendingRead();
                    upstream.Abort();
                    await ((Task)body).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                if (keepUpstream)
                {
                    pool.Return(upstream);
                }
                else
                {
                    upstream.Dispose();
                }
            }
        }

        private async Task<CopyResult> SendBodyAsync()
        {
            var cancel = client.Closed;
            (CopyResult Result, long Bytes) sent;
            try
            {
                sent = request.Chunked
                    ? await BodyCopier.CopyChunkedAsync(client.Input, upstream.Sink, cancel).ConfigureAwait(false)
                    : await BodyCopier.CopyLengthAsync(client.Input, upstream.Sink, request.ContentLength, cancel).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                sent = (CopyResult.SourceEnded, 0);
            }

            if (sent.Result != CopyResult.Done)
            {
                // A broken body must not reach the node as a whole one, and the node must not wait for the rest.
                upstream.Abort();
            }

            return sent.Result;
        }

        /// <summary>
        /// Relays interim responses and the final head to the client (unflushed); null when the node broke off first or the
        /// response deadline fired (then <see cref="_late"/>).
        /// </summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<ResponseHead?> RelayHeadAsync(CancellationToken cancel)
        {
            var reader = upstream.Reader;
            var maxHead = owner._options.WebMaxHeadSize;
            while (true)
            {
                var read = await reader.ReadAsync(cancel).ConfigureAwait(false);
                var buffer = read.Buffer;
                var end = HeadEnd(buffer, maxHead);
                if (end < 0)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (buffer.Length >= maxHead || read.IsCompleted || read.IsCanceled)
                    {
                        return null;
                    }

                    continue;
                }

                // A head is here: it is relayed only if it beat the deadline, which from then on cannot cancel a read.
                _late = client.ResponseArrived();
                if (_late)
                {
                    return null;
                }

                var response = Relay(buffer, end);
                if (response is null)
                {
                    return null;
                }

                reader.AdvanceTo(buffer.GetPosition(end));
                _responded = true;
                if (!response.Value.Interim)
                {
                    return response;
                }

                client.AwaitFinalResponse(reader);
                await client.Output.FlushAsync(cancel).ConfigureAwait(false);
            }
        }

        private ResponseHead? Relay(in ReadOnlySequence<byte> buffer, long end)
        {
            byte[]? copy = null;
            try
            {
                var head = Contiguous(buffer, end, out copy);

                var cookie = placed is null ? default : owner.SetCookie(placed);
                var output = client.Output.GetSpan(head.Length + cookie.Length + 64);
                if (ResponseHeadParser.Parse(head, request.IsHead, request.Close, cookie, output, out var written, out var response) != HeadResult.Complete)
                {
                    return null;
                }

                client.Output.Advance(written);
                return response;
            }
            finally
            {
                if (copy is not null)
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }
        }

        /// <summary>The node took the request and said nothing in time: the client is told, the node connection dropped.</summary>
        private async ValueTask<Outcome> TimedOutAsync()
        {
            owner.Failed(node, null, "ResponseTimeout");
            if (_responded)
            {
                client.Context.Abort();
                return new Outcome(OutcomeKind.Close, 0);
            }

            await RespondAsync(client, StatusCodes.Status504GatewayTimeout, "Gateway Timeout", close: true).ConfigureAwait(false);
            return new Outcome(OutcomeKind.Close, StatusCodes.Status504GatewayTimeout);
        }

        private async ValueTask<Outcome> FailAsync(Exception? ex, string error)
        {
            owner.Failed(node, ex, error);
            if (_responded)
            {
                client.Context.Abort();
                return new Outcome(OutcomeKind.Close, 0);
            }

            return await BadGatewayAsync(client, request).ConfigureAwait(false);
        }
    }

    private ReadOnlySpan<byte> SetCookie(string node) => Encoding.ASCII.GetBytes(
        $"Set-Cookie: {Uri.EscapeDataString(_options.AffinityCookieName)}={Uri.EscapeDataString(node)}; path=/; samesite=lax; httponly\r\n");

    public void Dispose()
    {
        foreach (var pool in _upstreams.Values)
        {
            pool.Dispose();
        }

        _upstreams.Clear();
    }
}
