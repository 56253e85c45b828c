using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Tests.Dns.Support;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns.Transport;

/// <summary>RFC 7766 framing on raw TCP connections to 127.0.4.3: several queries per connection, idle timeout, connection limit.</summary>
public sealed class DnsServerTcpTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private DnsServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await DnsServerFixture.StartAsync("127.0.4.3", TestCluster.Topology(3),
        new Dictionary<string, string?> { ["Dns:TcpIdleTimeout"] = "00:00:10", ["Dns:MaxTcpConnections"] = "3" }, _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(_server.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server.Endpoint).WaitAsync($"TCP connect to {_server.Endpoint}");
        return socket;
    }

    private static async Task SendAsync(Socket socket, byte[] query)
    {
        var frame = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)query.Length);
        query.CopyTo(frame, 2);
        await Clients.SendAsync(socket, frame);
    }

    /// <summary>Reads one framed reply; null when the server closed (or reset) the connection.</summary>
    private static async Task<TestMessage?> ReceiveAsync(Socket socket)
    {
        var length = new byte[2];
        if (!await ReadExactlyAsync(socket, length))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        Assert.True(await ReadExactlyAsync(socket, body));
        return TestMessage.Parse(body);
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).WaitAsync($"{buffer.Length - read} more bytes of a reply or the end of the connection");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    [Fact]
    public async Task Tcp_SeveralQueriesOnOneConnection_AreAnsweredInOrder()
    {
        using var socket = await ConnectAsync();

        await SendAsync(socket, TestQuery.Build(TestCluster.Transfer, TestQuery.A, id: 1));
        await SendAsync(socket, TestQuery.Build("nope.shares.test", TestQuery.A, id: 2));
        await SendAsync(socket, TestQuery.Build(TestCluster.Transfer, TestQuery.A, id: 3));
        var replies = new[] { await ReceiveAsync(socket), await ReceiveAsync(socket), await ReceiveAsync(socket) };

        Assert.Equal([1, 2, 3], replies.Select(r => (int)r!.Id));
        Assert.Equal(3, replies[0]!.Addresses.Count);
        Assert.Equal(3, replies[1]!.RCode);
        Assert.NotEqual(replies[0]!.Addresses[0], replies[2]!.Addresses[0]);
    }

    [Fact]
    public async Task Tcp_QueryInTwoSegments_IsAnswered()
    {
        using var socket = await ConnectAsync();
        var query = TestQuery.Build(TestCluster.Transfer, TestQuery.A);
        var frame = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)query.Length);
        query.CopyTo(frame, 2);

        await Clients.SendAsync(socket, frame.AsMemory(0, 5));
        await Poll.UntilAsync(() => TcpQueues.PeerHasReadAll(socket), "the server reads the first segment before the rest is sent");
        await Clients.SendAsync(socket, frame.AsMemory(5));

        Assert.Equal(3, (await ReceiveAsync(socket))!.Addresses.Count);
    }

    [Fact]
    public async Task Tcp_IdleLongerThanTimeout_ServerClosesConnection()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, TestQuery.Build(TestCluster.Transfer, TestQuery.A));
        Assert.NotNull(await ReceiveAsync(socket));

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Null(await ReceiveAsync(socket));
    }

    [Fact]
    public async Task Tcp_ZeroLengthFrame_ClosesConnection()
    {
        using var socket = await ConnectAsync();

        await Clients.SendAsync(socket, new byte[2]);

        Assert.Null(await ReceiveAsync(socket));
    }

    [Fact]
    public async Task Tcp_MoreConnectionsThanLimit_ExtraIsClosedOthersServed()
    {
        var open = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                open.Add(await ConnectAsync());
                await SendAsync(open[i], TestQuery.Build(TestCluster.Transfer, TestQuery.A));
                Assert.NotNull(await ReceiveAsync(open[i]));
            }

            using var extra = await ConnectAsync();
            await SendAsync(extra, TestQuery.Build(TestCluster.Transfer, TestQuery.A));

            Assert.Null(await ReceiveAsync(extra));
            await SendAsync(open[0], TestQuery.Build(TestCluster.Transfer, TestQuery.A));
            Assert.NotNull(await ReceiveAsync(open[0]));
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }
}
