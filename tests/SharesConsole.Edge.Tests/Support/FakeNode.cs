using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>A node on its own loopback address: a web app, a TCP greeter/echo (SSH) and a UDP echo (FASP).</summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private WebApplication? _web;
    private TcpNameServer? _tcp;
    private UdpNameServer? _udp;

    private FakeNode(string name, IPAddress address)
    {
        Name = name;
        Address = address;
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int WebPort { get; private set; }

    public int SshPort { get; private set; }

    public int FaspPort { get; private set; }

    public bool WebTls { get; private set; }

    /// <summary>Requests to /slow wait here until the test releases them.</summary>
    public SemaphoreSlim SlowGate { get; } = new(0);

    public int SlowInFlight;

    public int Requests;

    public TcpNameServer? Tcp => _tcp;

    public UdpNameServer? Udp => _udp;

    public NodeDefinition Definition => new()
    {
        Name = Name,
        ManagementAddress = Address,
        PublicAddress = Address,
        PrivateAddress = Address,
        Ports = new NodePorts { Web = WebPort, WebTls = WebTls, Ssh = SshPort, Fasp = FaspPort },
    };

    public static async Task<FakeNode> StartAsync(string name, IPAddress address, bool tls = false)
    {
        var node = new FakeNode(name, address) { WebTls = tls };
        await node.StartWebAsync();
        node._tcp = new TcpNameServer(name, address);
        node._udp = new UdpNameServer(name, address);
        node.SshPort = node._tcp.Port;
        node.FaspPort = node._udp.Port;
        return node;
    }

    private async Task StartWebAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (WebTls)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        var certificate = WebTls ? SharesConsole.Edge.Web.SelfSignedCertificate.Create(Name, Address, TimeProvider.System) : null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(Address, WebPort, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        ((IApplicationBuilder)app).Run(HandleAsync);
        await app.StartAsync().WaitAsync($"{Name} web starts");
        _web = app;
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        WebPort = new Uri(url).Port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        switch (context.Request.Path.Value)
        {
            case "/health":
                return;
            case "/slow":
                Interlocked.Increment(ref SlowInFlight);
                await SlowGate.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync(Name);
                return;
            case "/reset":
                context.Response.ContentLength = 100_000;
                await context.Response.Body.WriteAsync(new byte[1000]);
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            default:
                await context.Response.WriteAsync(Name);
                return;
        }
    }

    /// <summary>Stops every service of the node, as if it crashed.</summary>
    public async Task KillAsync()
    {
        if (_web is not null)
        {
            await _web.StopAsync().WaitAsync($"{Name} web stops");
            await _web.DisposeAsync().WaitAsync($"{Name} web is disposed");
            _web = null;
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().WaitAsync($"{Name} TCP server stops");
        }

        if (_udp is not null)
        {
            await _udp.DisposeAsync().WaitAsync($"{Name} UDP server stops");
        }
    }

    public async ValueTask DisposeAsync()
    {
        SlowGate.Release(100);
        await KillAsync();
        SlowGate.Dispose();
    }
}
