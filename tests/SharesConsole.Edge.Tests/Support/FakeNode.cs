using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using SharesConsole.Core.Cluster;
using SharesConsole.Tests.Common.Hosting;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>A node on its own loopback address: a web app, a TCP greeter/echo (SSH) and a UDP echo (FASP).</summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private const string Hints = "GET /hints ";
    private const string HintsTwice = "GET /hints-twice ";
    private static readonly byte[] EarlyHints = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"u8.ToArray();

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

    /// <summary>Requests to /hints and /hints-twice wait here after their first interim response (see <see cref="ServeHintsAsync"/>).</summary>
    public SemaphoreSlim HintsGate { get; } = new(0);

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
        _web = await KestrelStub.StartAsync(
                Address, WebPort, app => ((IApplicationBuilder)app).Run(HandleAsync), certificate: certificate, listen: l => l.Use(ServeHintsAsync))
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

    /// <summary>
    /// Interim responses, which Kestrel's app model cannot send: a connection whose first request is GET /hints gets a
    /// 103 Early Hints at once, then (once <see cref="HintsGate"/> is released) the final response and a close; one for
    /// /hints-twice gets a second 103 instead, then nothing until the edge closes. Any other connection goes to Kestrel.
    /// </summary>
    private async Task ServeHintsAsync(ConnectionContext connection, Func<Task> next)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var read = await input.ReadAtLeastAsync(HintsTwice.Length);
        var start = Encoding.ASCII.GetString(read.Buffer.Slice(0, Math.Min(read.Buffer.Length, HintsTwice.Length)));
        var twice = start == HintsTwice;
        if (!twice && !start.StartsWith(Hints, StringComparison.Ordinal))
        {
            input.AdvanceTo(read.Buffer.Start);
            await next();
            return;
        }

        Interlocked.Increment(ref Requests);
        while (!read.IsCompleted && !Encoding.ASCII.GetString(read.Buffer).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await input.ReadAsync();
        }

        input.AdvanceTo(read.Buffer.End);
        await output.WriteAsync(EarlyHints);
        await HintsGate.WaitAsync();
        if (!twice)
        {
            await output.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {Name.Length}\r\nConnection: close\r\n\r\n{Name}"));
            return;
        }

        await output.WriteAsync(EarlyHints);
        try
        {
            while (!(read = await input.ReadAsync()).IsCompleted)
            {
                input.AdvanceTo(read.Buffer.End);
            }
        }
        catch (IOException)
        {
            // The edge dropped the connection: what this waits for.
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
        HintsGate.Release(100);
        await KillAsync();
        SlowGate.Dispose();
        HintsGate.Dispose();
    }
}
