using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Cluster;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Metrics;

/// <summary>Real UDP queries to the responder of a host of its own, counted by response code in /metrics.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class DnsQueryMetricsTests
{
    private static readonly IPAddress Address = Loopback.Web.Address(50);

    [Fact]
    public async Task Metrics_UdpQueriesOfEveryOutcome_CountedByResponseCode()
    {
        using var data = new TempDirectory();
        var port = Ports.FreeTcpAndUdp(Address);
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
        var expected = new Dictionary<string, double> { ["noerror"] = 3, ["nxdomain"] = 2, ["refused"] = 1, ["notimp"] = 1, ["dropped"] = 1 };

        Assert.Equal([0, 0, 0, 3, 3, 5, 4], rcodes);
        var counts = await Poll.UntilAsync(
            async () => PrometheusText.Parse(await http.GetStringAsync("/metrics"))["sharesconsole_dns_queries_total"].Samples.ToDictionary(s => s.Labels["result"], s => s.Value),
            c => expected.All(e => c.GetValueOrDefault(e.Key) == e.Value),
            "/metrics to count every query by its outcome (" + string.Join(", ", expected) + ")",
            describe: c => "counted: " + string.Join(", ", c));
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
}
