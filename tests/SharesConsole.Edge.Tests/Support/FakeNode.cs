using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SharesConsole.Core.Cluster;
using SharesConsole.Tests.Common.Hosting;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>A node on its own loopback address: a web app, a TCP greeter/echo (SSH) and a UDP echo (FASP).</summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private KestrelStub? _web;
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
        // Not disposed: Kestrel serves every handshake with it while the node runs.
        var certificate = WebTls ? SharesConsole.Edge.Web.SelfSignedCertificate.Create(Name, Address, TimeProvider.System) : null;
        _web = await KestrelStub.StartAsync(Address, WebPort, app => ((IApplicationBuilder)app).Run(HandleAsync), certificate: certificate)
            .WaitAsync($"{Name} web starts");
        WebPort = _web.Url.Port;
    }

    /// <summary>The bytes <c>/bytes</c> repeats: i mod 251, so a shifted or lost piece shows.</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        switch (context.Request.Path.Value)
        {
            case "/health":
                return;
            case "/forwarded":
                // What the node learns about its client from the edge.
                foreach (var name in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded" })
                {
                    await context.Response.WriteAsync($"{name}={context.Request.Headers[name]}\n");
                }

                return;
            case "/slow":
                Interlocked.Increment(ref SlowInFlight);
                await SlowGate.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync(Name);
                return;
            case "/echo":
                // The request body back, as it streams in (chunked both ways unless the client sent a length).
                await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
                return;
            case "/request":
                // How the request reached the node: method, Host and every header of the edge's copy.
                await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Request.Protocol}\n");
                foreach (var header in context.Request.Headers)
                {
                    await context.Response.WriteAsync($"{header.Key}={header.Value}\n");
                }

                return;
            case "/bytes":
                // ?n= bytes of a fixed pattern with a Content-Length, written in 64 KiB pieces (see FakeNode.Pattern).
                var count = long.Parse(context.Request.Query["n"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentLength = count;
                var piece = Pattern(64 * 1024);
                for (var sent = 0L; sent < count; sent += piece.Length)
                {
                    await context.Response.Body.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, count - sent)), context.RequestAborted);
                }

                return;
            case "/length":
                context.Response.ContentLength = Name.Length;
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
            await _web.DisposeAsync().WaitAsync($"{Name} web stops");
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
