using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>Raw loopback clients bound to a chosen source address; every socket wait is bounded by <see cref="Bounded.DefaultCap"/>.</summary>
internal static class Clients
{
    /// <summary>Largest UDP payload over IPv4; the stand-in FASP server cuts its echo to fit.</summary>
    private const int MaxUdpPayload = 65507;

    /// <summary>Connects through the edge from <paramref name="source"/> and returns the greeting (the node name) and the socket.</summary>
    public static async Task<(string Node, Socket Socket)> ConnectTcpAsync(IPEndPoint edge, IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(edge).WaitAsync($"TCP connect from {source} to the edge {edge}");
            var line = await ReadLineAsync(socket);
            return (line, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads up to a newline; an end of stream before it returns what came so far.</summary>
    public static Task<string> ReadLineAsync(Socket socket) =>
        ReadLineCoreAsync(socket).WaitAsync($"a line from {Peer(socket)}");

    private static async Task<string> ReadLineCoreAsync(Socket socket)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = await socket.ReceiveAsync(one, SocketFlags.None);
            if (read == 0 || one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
        }
    }

    /// <summary>Sends bytes on a connected socket.</summary>
    public static Task SendAsync(Socket socket, ReadOnlyMemory<byte> data) =>
        socket.SendAsync(data, SocketFlags.None).WaitAsync($"sending {data.Length} bytes to {Peer(socket)}");

    // A socket the peer already closed has no remote end point any more; tests still send on such sockets.
    private static string Peer(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "an unconnected peer";
        }
        catch (SocketException)
        {
            return "a disconnected peer";
        }
    }

    /// <summary>Waits until the peer closes the connection: end of stream or a reset, never data.</summary>
    public static async Task AssertClosedByPeerAsync(Socket socket, string what)
    {
        var buffer = new byte[16];
        int read;
        try
        {
            read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(what);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return;
        }

        Assert.True(read == 0, $"expected {what}, but {read} bytes arrived");
    }

    /// <summary>
    /// Sends one datagram from the socket and returns the reply to it ("node|payload"). Replies to earlier datagrams
    /// still queued on the socket are skipped. A datagram goes out again only after a long wait, when it was surely
    /// lost rather than slow: every resend is one more datagram the edge sees, and flow counts would drift.
    /// </summary>
    public static async Task<string> UdpRoundTripAsync(Socket socket, IPEndPoint edge, byte[] payload)
    {
        var buffer = new byte[70000];
        var clock = Stopwatch.StartNew();
        for (var wait = TimeSpan.FromSeconds(10); clock.Elapsed < Bounded.DefaultCap; wait *= 2)
        {
            await socket.SendToAsync(payload, SocketFlags.None, edge).WaitAsync($"sending a datagram to the edge {edge}");
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                    var reply = buffer.AsSpan(0, result.ReceivedBytes);
                    if (IsReplyTo(reply, payload))
                    {
                        return Encoding.ASCII.GetString(reply);
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Send again and wait longer.
            }
        }

        throw new TimeoutException($"no UDP reply through the edge {edge} within {Bounded.DefaultCap.TotalSeconds:0} s");
    }

    private static bool IsReplyTo(ReadOnlySpan<byte> reply, byte[] payload)
    {
        var bar = reply.IndexOf((byte)'|');
        if (bar < 0)
        {
            return false;
        }

        var echoed = reply[(bar + 1)..];
        return echoed.Length == Math.Min(payload.Length, MaxUdpPayload - bar - 1) && payload.AsSpan().StartsWith(echoed);
    }

    public static Socket UdpFrom(IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        return socket;
    }

    /// <summary>The client's own timeout only backs up the named, bounded waits of the tests.</summary>
    public static HttpClient Http(Uri baseAddress, bool cookies = false) =>
        new(new SocketsHttpHandler { UseCookies = cookies, UseProxy = false }) { BaseAddress = baseAddress, Timeout = Bounded.DefaultCap * 2 };

    /// <summary>GET of a path through the edge, returning the body (the node name for most paths).</summary>
    public static Task<string> GetStringBoundedAsync(this HttpClient http, string path) =>
        http.GetStringAsync(path).WaitAsync($"GET {path} from {http.BaseAddress}");

    public static Task<HttpResponseMessage> GetBoundedAsync(this HttpClient http, string path) =>
        http.GetAsync(path).WaitAsync($"GET {path} from {http.BaseAddress}");
}
