using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Cluster;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Metrics;

/// <summary>Real UDP queries to the responder of a host of its own, counted by response code in /metrics.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class DnsQueryMetricsTests
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.9.50");

    [Fact]
    public async Task Metrics_UdpQueriesOfEveryOutcome_CountedByResponseCode()
    {
        using var data = new TempDataDirectory();
        var port = FreeUdpAndTcpPort();
        await using var host = new IsolatedHost(data.Path, new Dictionary<string, string>
        {
            ["Dns:Enabled"] = "true",
            ["Dns:Listen:0"] = Address.ToString(),
            ["Dns:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dns:UdpReceiveLoops"] = "1",
        });
        using var http = host.CreateClient();
        var settings = host.Services.GetRequiredService<IClusterTopologySource>().Current.Settings;
        using var udp = new UdpClient(new IPEndPoint(Address, 0));
        udp.Connect(Address, port);

        var rcodes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            rcodes.Add(await AskAsync(udp, Query((ushort)(100 + i), settings.TransferFqdn, 0)));
        }

        rcodes.Add(await AskAsync(udp, Query(200, "missing." + settings.DnsZone, 0)));
        rcodes.Add(await AskAsync(udp, Query(201, "other-missing." + settings.DnsZone, 0)));
        rcodes.Add(await AskAsync(udp, Query(300, "www.example.org", 0)));
        rcodes.Add(await AskAsync(udp, Query(400, settings.TransferFqdn, opcode: 2)));
        await udp.SendAsync(new byte[] { 1, 2, 3, 4, 5 });
        Dictionary<string, double> counts = [];
        var expected = new Dictionary<string, double> { ["noerror"] = 3, ["nxdomain"] = 2, ["refused"] = 1, ["notimp"] = 1, ["dropped"] = 1 };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            var families = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            counts = families["sharesconsole_dns_queries_total"].Samples.ToDictionary(s => s.Labels["result"], s => s.Value);
            if (expected.All(e => counts.GetValueOrDefault(e.Key) == e.Value))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTimeOffset.UtcNow < deadline);

        Assert.Equal([0, 0, 0, 3, 3, 5, 4], rcodes);
        Assert.All(expected, e => Assert.True(counts.GetValueOrDefault(e.Key) == e.Value, $"{e.Key}: {counts.GetValueOrDefault(e.Key)} of {e.Value} ({string.Join(", ", counts)})"));
        Assert.Equal(0, counts.GetValueOrDefault("servfail"));
        Assert.Equal(0, counts.GetValueOrDefault("formerr"));
    }

    /// <summary>Sends one query and returns the response code of its answer.</summary>
    private static async Task<int> AskAsync(UdpClient udp, byte[] query)
    {
        await udp.SendAsync(query);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = await udp.ReceiveAsync(timeout.Token);
        Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(query), BinaryPrimitives.ReadUInt16BigEndian(reply.Buffer));
        return reply.Buffer[3] & 0x0F;
    }

    private static byte[] Query(ushort id, string name, int opcode)
    {
        var bytes = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(0x0100 | (opcode << 11)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        bytes.AddRange(header);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange(new byte[] { 0, 0, 1, 0, 1 });
        return [.. bytes];
    }

    /// <summary>A port free for both UDP and TCP on this test's own address.</summary>
    private static int FreeUdpAndTcpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(Address, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(Address, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Taken for TCP; try another.
            }
        }
    }
}
