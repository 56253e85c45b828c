using System.Net.Sockets;
using SharesConsole.Edge.Dns.Protocol;
using SharesConsole.Edge.Tests.Dns.Support;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.Edge.Tests.Dns;

/// <summary>Hostile packets through the parser and responder directly, and over the real UDP and TCP sockets (127.0.4.4).</summary>
public sealed class DnsFuzzTests(ITestOutputHelper output)
{
    private const int DirectPackets = 120_000;
    private const int UdpPackets = 30_000;

    /// <summary>Datagrams in flight at most; well within even a default-sized socket buffer.</summary>
    private const int UdpWindow = 100;

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
        using (var client = server.UdpClient())
        {
            for (var sent = 0; sent < UdpPackets; sent++)
            {
                // Paced by the server's own count: with few datagrams in flight no socket buffer overflows,
                // so every hostile datagram reaches the responder however slow the machine is.
                if (sent - server.Handled >= UdpWindow)
                {
                    await Poll.UntilAsync(() => sent - server.Handled < UdpWindow / 2, $"the server catches up after {sent} datagrams");
                }

                await client.SendToAsync(fuzzer.Next(), SocketFlags.None, server.Endpoint).WaitAsync("sending a hostile datagram");
            }
        }

        await Poll.UntilAsync(() => server.Handled >= UdpPackets, $"the server handles all {UdpPackets} hostile datagrams");
        Assert.Equal(UdpPackets, server.Handled);

        for (var i = 0; i < 20; i++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await tcp.ConnectAsync(server.Endpoint).WaitAsync("a hostile TCP connect");
            var packet = fuzzer.Next();
            await Clients.SendAsync(tcp, (byte[])[(byte)(packet.Length >> 8), (byte)packet.Length, .. packet, .. fuzzer.Next()]);
        }

        output.WriteLine($"sent {UdpPackets} hostile datagrams and 20 hostile TCP streams; handled: {string.Join(", ", server.Counts.Select(c => $"{c.Result}={c.Count}"))}");

        AssertAnswersCorrectly(await server.UdpMessageAsync(TestQuery.Build(TestCluster.Transfer, TestQuery.A)));
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
