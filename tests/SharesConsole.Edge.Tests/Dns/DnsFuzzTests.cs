using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Dns.Protocol;
using SharesConsole.Edge.Tests.Dns.Support;
using Xunit.Abstractions;

namespace SharesConsole.Edge.Tests.Dns;

/// <summary>Hostile packets through the parser and responder directly, and over the real UDP and TCP sockets (127.0.4.4).</summary>
public sealed class DnsFuzzTests(ITestOutputHelper output)
{
    private const int DirectPackets = 120_000;
    private const int UdpPackets = 30_000;

    [Fact]
    public void Respond_120kHostilePackets_NeverThrowsAndEveryReplyIsWellFormed()
    {
        var harness = ResponderHarness.Create(TestCluster.DualStack());
        var fuzzer = new PacketFuzzer(seed: 4);
        var buffer = new byte[65535];
        var name = new byte[DnsName.MaxLength];
        var replies = new Dictionary<int, int>();
        var dropped = 0;
        for (var i = 0; i < DirectPackets; i++)
        {
            var packet = fuzzer.Next();
            DnsQueryParser.Parse(packet, name, out _);
            var length = harness.Responder.Respond(packet, buffer, tcp: i % 2 == 0);
            if (length == 0)
            {
                dropped++;
                continue;
            }

            var reply = TestMessage.Parse(buffer.AsSpan(0, length));
            Assert.True(reply.IsResponse);
            Assert.Equal(TestQuery.ReadId(packet), reply.Id);
            Assert.True(i % 2 == 0 || length <= 1232, $"UDP reply of {length} bytes");
            replies[reply.RCode] = replies.GetValueOrDefault(reply.RCode) + 1;
        }

        output.WriteLine($"{DirectPackets} packets: {dropped} dropped, replies by rcode: {string.Join(", ", replies.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}");
        Assert.True(replies.GetValueOrDefault(DnsRCode.FormErr) > 0);
        Assert.True(replies.GetValueOrDefault(DnsRCode.NoError) > 0);
        Assert.True(dropped > 0);
        AssertAnswersCorrectly(harness.Ask(TestCluster.Transfer, TestQuery.A));
    }

    [Fact]
    public async Task Server_30kHostileDatagramsAndTcpFrames_StillAnswersValidQuery()
    {
        await using var server = await DnsServerFixture.StartAsync("127.0.4.4", TestCluster.DualStack());
        var fuzzer = new PacketFuzzer(seed: 44);
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            for (var i = 0; i < UdpPackets; i++)
            {
                await client.SendToAsync(fuzzer.Next(), SocketFlags.None, server.Endpoint);
                if (i % 500 == 0)
                {
                    await Task.Delay(1);
                }
            }
        }

        for (var i = 0; i < 20; i++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await tcp.ConnectAsync(server.Endpoint);
            var packet = fuzzer.Next();
            await tcp.SendAsync((byte[])[(byte)(packet.Length >> 8), (byte)packet.Length, .. packet, .. fuzzer.Next()]);
        }

        output.WriteLine($"sent {UdpPackets} hostile datagrams and 20 hostile TCP streams");

        // Like any DNS client, retry: right after the flood the socket buffer may still be full and drop the query.
        byte[]? reply = null;
        for (var attempt = 1; attempt <= 5 && reply is null; attempt++)
        {
            reply = await server.UdpAsync(TestQuery.Build(TestCluster.Transfer, TestQuery.A), timeoutMs: 2000);
            output.WriteLine($"valid query, attempt {attempt}: {(reply is null ? "no reply" : "answered")}");
        }

        Assert.NotNull(reply);
        AssertAnswersCorrectly(TestMessage.Parse(reply));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    private static void AssertAnswersCorrectly(TestMessage reply)
    {
        Assert.Equal(0, reply.RCode);
        Assert.Equal(
            [TestCluster.Address(1), TestCluster.Address(2)],
            reply.Addresses.OrderBy(a => a.ToString(), StringComparer.Ordinal));
    }
}
