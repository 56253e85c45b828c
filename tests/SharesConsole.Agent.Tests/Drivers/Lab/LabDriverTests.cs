using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Lab;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Drivers.Lab;

public sealed class LabDriverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Start_ActivePassiveAlreadyRunningOnOtherNode_RefusedNamingTheHolder()
    {
        var service = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive };
        await using var onA = Driver("mysqld", service, "node-a", 20);
        await using var onB = Driver("mysqld", service, "node-b", 21);

        var first = await onA.StartAsync(CancellationToken.None);
        var second = await onB.StartAsync(CancellationToken.None);

        Assert.True(first.Ok, first.Error);
        Assert.False(second.Ok);
        Assert.Contains("Double start refused", second.Error, StringComparison.Ordinal);
        Assert.Contains("node-a", second.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceRunState.Stopped, (await onB.GetStateAsync(CancellationToken.None)).State);

        Assert.True((await onA.StopAsync(CancellationToken.None)).Ok);
        var afterStop = await onB.StartAsync(CancellationToken.None);
        Assert.True(afterStop.Ok, afterStop.Error);
    }

    [Fact]
    public async Task Crash_ActivePassiveHolder_LockReleasedForOtherNode()
    {
        var service = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive };
        await using var onA = Driver("crond", service, "node-a", 20);
        await using var onB = Driver("crond", service, "node-b", 21);
        Assert.True((await onA.StartAsync(CancellationToken.None)).Ok);

        onA.Crash();
        var takeOver = await onB.StartAsync(CancellationToken.None);

        Assert.True(takeOver.Ok, takeOver.Error);
        Assert.Equal(ServiceRunState.Stopped, (await onA.GetStateAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task Start_WebStandIn_ServesNodeNameAndHealth()
    {
        var address = Loopback.Agent.Address(22);
        var port = Ports.FreeTcp(address);
        await using var driver = Driver("nginx", new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Web, Port = port }, "node-w", 22);
        Assert.True((await driver.StartAsync(CancellationToken.None)).Ok);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        var root = await http.GetStringAsync(new Uri($"http://{address}:{port}/"));
        var health = await http.GetAsync(new Uri($"http://{address}:{port}/health"));
        var ping = await http.GetAsync(new Uri($"http://{address}:{port}/ping"));

        Assert.Equal("node-w", root);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(await ping.Content.ReadAsByteArrayAsync());
        Assert.True((await driver.StopAsync(CancellationToken.None)).Ok);
        Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(address, port));
    }

    [Fact]
    public async Task Start_EchoStandIn_EchoesTcpOnEveryPortAndUdp()
    {
        var address = Loopback.Agent.Address(23);
        var (main, extra, udp) = (Ports.FreeTcp(address), Ports.FreeTcp(address), Ports.FreeUdp(address));
        await using var driver = Driver("asperahttpd", new()
        {
            Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Echo, Port = main, ExtraTcpPorts = [extra], UdpPort = udp,
        }, "node-e", 23);
        Assert.True((await driver.StartAsync(CancellationToken.None)).Ok);

        Assert.Equal("hello", await TcpRoundTripAsync(address, main, "hello"));
        Assert.Equal("ssh", await TcpRoundTripAsync(address, extra, "ssh"));
        using var client = new UdpClient(new IPEndPoint(address, 0));
        await client.SendAsync(Encoding.ASCII.GetBytes("fasp"), new IPEndPoint(address, udp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await client.ReceiveAsync(timeout.Token);
        Assert.Equal("fasp", Encoding.ASCII.GetString(answer.Buffer));
    }

    [Fact]
    public async Task Start_PortAlreadyTaken_FailsWithSocketErrorAndReleasesLock()
    {
        var address = Loopback.Agent.Address(24);
        using var squatter = new TcpListener(address, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var service = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive, Port = port };
        await using var driver = Driver("mysqld", service, "node-p", 24);
        await using var other = Driver("mysqld", service with { Port = null }, "node-q", 25);

        var result = await driver.StartAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.True((await other.StartAsync(CancellationToken.None)).Ok, "the failed start must not keep the lock");
    }

    private static async Task<string> TcpRoundTripAsync(IPAddress address, int port, string text)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address, port).WaitAsync($"a TCP connect to {address}:{port}");
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text)).WaitAsync($"sending '{text}' to {address}:{port}");
        var buffer = new byte[text.Length];
        await stream.ReadExactlyAsync(buffer).WaitAsync($"the echo of '{text}' from {address}:{port}");
        return Encoding.ASCII.GetString(buffer);
    }

    private LabDriver Driver(string name, AgentServiceOptions service, string node, int address) => new(name, service, new AgentOptions
    {
        NodeName = node, Address = Loopback.Agent.Address(address).ToString(), LabDirectory = _dir.Combine("lab"),
    }, NullLoggerFactory.Instance);

    public void Dispose() => _dir.Dispose();
}
