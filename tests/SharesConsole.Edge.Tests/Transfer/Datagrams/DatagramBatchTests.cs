using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Transfer.Datagrams;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Transfer.Datagrams;

/// <summary>recvmmsg and sendmmsg (Linux, as the whole suite) through <see cref="DatagramBatch"/> on real loopback sockets; 127.0.3.240–.254 are this folder's.</summary>
public sealed class DatagramBatchTests
{
    private static readonly IPAddress Receiver = IPAddress.Parse("127.0.3.240");
    private static readonly IPAddress SenderA = IPAddress.Parse("127.0.3.241");
    private static readonly IPAddress SenderB = IPAddress.Parse("127.0.3.242");

    [Fact]
    public async Task Receive_DatagramsFromTwoSources_EachWithItsBytesAndSource()
    {
        using var receiver = Bound(Receiver);
        using var a = Bound(SenderA);
        using var b = Bound(SenderB);
        await a.SendToAsync("one"u8.ToArray(), receiver.LocalEndPoint!);
        await b.SendToAsync("two!"u8.ToArray(), receiver.LocalEndPoint!);
        await a.SendToAsync("three"u8.ToArray(), receiver.LocalEndPoint!);
        var batch = new DatagramBatch(8);

        var received = await ReceiveAsync(receiver, batch, 3);

        Assert.Equal(["one", "two!", "three"], received.Select(r => r.Text));
        Assert.Equal([a.LocalEndPoint, b.LocalEndPoint, a.LocalEndPoint], received.Select(r => r.Source));
    }

    [Fact]
    public void Receive_NothingQueued_WouldBlockAtOnce()
    {
        using var receiver = Bound(IPAddress.Parse("127.0.3.243"));
        var batch = new DatagramBatch(4);

        Assert.Equal(-1, batch.Receive(receiver.SafeHandle, out var error));
        Assert.Equal(DatagramBatches.WouldBlock, error);
    }

    [Fact]
    public async Task Receive_MoreQueuedThanCapacity_RestOnNextCall()
    {
        using var receiver = Bound(IPAddress.Parse("127.0.3.244"));
        using var sender = Bound(IPAddress.Parse("127.0.3.245"));
        for (var i = 0; i < 5; i++)
        {
            await sender.SendToAsync(new[] { (byte)i }, receiver.LocalEndPoint!);
        }

        var batch = new DatagramBatch(2);
        var bytes = new List<byte>();
        await Poll.UntilAsync(() =>
        {
            var count = batch.Receive(receiver.SafeHandle, out _);
            Assert.True(count <= 2);
            for (var i = 0; i < count; i++)
            {
                bytes.AddRange(batch.Datagram(i).Span.ToArray());
            }

            return bytes.Count == 5;
        }, "five datagrams, two at a time");

        Assert.Equal([0, 1, 2, 3, 4], bytes);
    }

    [Fact]
    public async Task Receive_LargestAndEmptyDatagrams_WholeAndZeroLength()
    {
        using var receiver = Bound(IPAddress.Parse("127.0.3.246"));
        using var sender = Bound(IPAddress.Parse("127.0.3.247"));
        var largest = Enumerable.Range(0, 65507).Select(i => (byte)(i * 31)).ToArray();
        await sender.SendToAsync(largest, receiver.LocalEndPoint!);
        await sender.SendToAsync(Array.Empty<byte>(), receiver.LocalEndPoint!);
        await sender.SendToAsync(largest, receiver.LocalEndPoint!);
        var batch = new DatagramBatch(4);

        var received = await ReceiveAsync(receiver, batch, 3);

        Assert.Equal([65507, 0, 65507], received.Select(r => r.Bytes.Length));
        Assert.Equal(largest, received[0].Bytes);
        Assert.Equal(largest, received[2].Bytes);
    }

    [Fact]
    public async Task Send_ToDestinationAndConnected_ArriveInOrder()
    {
        using var relay = Bound(IPAddress.Parse("127.0.3.248"));
        using var client = Bound(IPAddress.Parse("127.0.3.249"));
        using var node = Bound(IPAddress.Parse("127.0.3.250"));
        using var upstream = Bound(IPAddress.Parse("127.0.3.248"));
        upstream.Connect(node.LocalEndPoint!);
        foreach (var text in new[] { "a", "bb", "ccc" })
        {
            await client.SendToAsync(System.Text.Encoding.ASCII.GetBytes(text), relay.LocalEndPoint!);
        }

        var batch = new DatagramBatch(4);
        await ReceiveAsync(relay, batch, 3);

        Assert.Equal(3, batch.Send(upstream.SafeHandle, 0, 3, default, out _));
        var destination = client.LocalEndPoint!.Serialize();
        Assert.Equal(2, batch.Send(relay.SafeHandle, 1, 2, destination.Buffer.Span[..destination.Size], out _));

        Assert.Equal(["a", "bb", "ccc"], await TextsAsync(node, 3));
        Assert.Equal(["bb", "ccc"], await TextsAsync(client, 2));
    }

    [Fact]
    public void Receive_ClosedSocket_ObjectDisposed()
    {
        var socket = Bound(IPAddress.Parse("127.0.3.251"));
        socket.Dispose();

        Assert.Throws<ObjectDisposedException>(() => new DatagramBatch(1).Receive(socket.SafeHandle, out _));
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    /// <summary>Waits on a zero-byte peek as the relay does, then takes <paramref name="count"/> datagrams in one batch.</summary>
    private static async Task<List<(string Text, byte[] Bytes, EndPoint Source)>> ReceiveAsync(Socket socket, DatagramBatch batch, int count)
    {
        // Loopback queues a datagram before sendto returns, so all are there once the first is.
        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek).AsTask().WaitAsync("the first datagram");
        var received = batch.Receive(socket.SafeHandle, out var error);
        Assert.True(received == count, $"received {received} (errno {error}), expected {count}");
        return [.. Enumerable.Range(0, received).Select(i =>
        {
            var source = new SocketAddress(AddressFamily.InterNetwork);
            batch.SourceOf(i).CopyTo(source.Buffer.Span);
            var bytes = batch.Datagram(i).ToArray();
            return (System.Text.Encoding.ASCII.GetString(bytes), bytes, (EndPoint)new IPEndPoint(IPAddress.Any, 0).Create(source));
        })];
    }

    private static async Task<List<string>> TextsAsync(Socket socket, int count)
    {
        var texts = new List<string>();
        var buffer = new byte[64];
        while (texts.Count < count)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync("a datagram sent by sendmmsg");
            texts.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }

        return texts;
    }
}
