using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class ConntrackFlowTests
{
    private const string Listing = """
        tcp      6 431999 ESTABLISHED src=10.201.0.100 dst=10.201.9.1 sport=40000 dport=33001 src=10.201.1.11 dst=10.201.0.100 sport=2222 dport=40000 [ASSURED] mark=0 use=1
        tcp      6 119 TIME_WAIT src=10.201.0.101 dst=10.201.9.1 sport=40001 dport=33001 src=10.201.1.12 dst=10.201.0.101 sport=2222 dport=40001 [ASSURED] mark=0 use=1
        udp      17 29 src=10.201.0.102 dst=10.201.9.1 sport=50000 dport=33002 [UNREPLIED] src=10.201.1.11 dst=10.201.0.102 sport=33002 dport=50000 mark=0 use=1
        icmp     1 29 src=10.201.0.2 dst=10.201.9.1 type=8 code=0 id=1 src=10.201.9.1 dst=10.201.0.2 type=0 code=0 id=1 mark=0 use=1
        garbage
        """;

    [Fact]
    public void Parse_Listing_TcpAndUdpWithTheirNode()
    {
        var flows = ConntrackFlow.Parse(Listing);

        Assert.Equal(3, flows.Count);
        Assert.Equal(new ConntrackFlow(ProtocolType.Tcp, IPAddress.Parse("10.201.0.100"), 40000, IPAddress.Parse("10.201.9.1"), 33001,
            IPAddress.Parse("10.201.1.11"), "ESTABLISHED"), flows[0]);
        Assert.Equal((ProtocolType.Udp, 33002, IPAddress.Parse("10.201.1.11"), (string?)null),
            (flows[2].Protocol, flows[2].DestinationPort, flows[2].ReplySource, flows[2].State));
    }

    [Fact]
    public void IsLive_TimeWait_False()
    {
        var flows = ConntrackFlow.Parse(Listing);

        Assert.Equal([true, false, true], flows.Select(f => f.IsLive));
    }
}
