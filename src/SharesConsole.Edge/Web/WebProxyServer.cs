using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Web.Http1;
using SharesConsole.Edge.Web.Transport;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Edge.Web;

/// <summary>The edge's own Kestrel on the VIP's web ports; nothing of the console's pipeline runs here.</summary>
public sealed class WebProxyServer(
    EdgePools pools,
    NodeHealthMonitor health,
    DrainRegistry drain,
    EdgeCounters counters,
    IOptions<EdgeOptions> options,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<WebProxyServer>();
    private WebApplication? _app;
    private WebForwarder? _forwarder;
    private Http1Forwarder? _http1;
    private EventLoop? _loop;
    private X509Certificate2? _certificate;
    private string? _ports;

    /// <summary>The bound listener addresses (ports resolved when 0 was configured).</summary>
    public IReadOnlyList<string> Urls =>
        _app?.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = pools.Current.Topology.Settings;
        var edge = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddHttpForwarder();
        builder.WebHost.UseKestrelCore();
        if (edge.WebForwarder != WebForwarderKind.Yarp)
        {
            _loop = edge.WebTransport == WebTransportKind.Sockets ? null : EventLoop.TryCreate(_logger);
            if (_loop is not null)
            {
                builder.Services.AddSingleton<IConnectionListenerFactory>(new LoopTransport(_loop));
            }
            else
            {
                if (edge.WebTransport != WebTransportKind.Sockets)
                {
                    EdgeLog.WebLoopUnavailable(_logger, "the edge's own epoll loop runs on Linux x86-64 only");
                }

                // The connection forwarder never blocks, so its continuations may run where the socket completed instead of
                // hopping through the thread pool: about a third less CPU per request (docs/BENCHMARKS.md, issue 17).
                builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
            }

            _http1 = new Http1Forwarder(pools, health, drain, counters, edge, timeProvider, loggerFactory.CreateLogger<Http1Forwarder>(), _loop);
        }
        if (settings.Ports.WebTls > 0)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            _certificate = LoadCertificate(edge, settings.WebFqdn, settings.Vip);
        }

        var http1 = _http1;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.Vip, settings.Ports.Web, listen =>
            {
                if (http1 is not null)
                {
                    // Runs before Kestrel's HTTP server, which gets the connections it hands over.
                    listen.Use(next => connection => http1.HandleAsync(connection, next));
                }
            });
            if (_certificate is not null)
            {
                kestrel.Listen(settings.Vip, settings.Ports.WebTls, listen => listen.UseHttps(_certificate));
            }
        });

        var app = builder.Build();
        _forwarder = new WebForwarder(
            app.Services.GetRequiredService<IHttpForwarder>(), pools, health, drain, counters, options, loggerFactory.CreateLogger<WebForwarder>());
        var forwarder = _forwarder;
        ((IApplicationBuilder)app).Run(context => forwarder.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        _ports = PortsOf(settings);
        pools.Changed += OnPoolsChanged;
        foreach (var url in Urls)
        {
            EdgeLog.WebListening(_logger, url);
        }

        EdgeLog.WebForwarderChosen(
            _logger, $"{settings.Vip}:{settings.Ports.Web}", http1 is null ? "YARP"
                : _loop is null ? "the connection-level HTTP/1.1 forwarder (YARP for HTTP/2, upgrades and the rest) on the runtime's sockets"
                : "the connection-level HTTP/1.1 forwarder (YARP for HTTP/2, upgrades and the rest) on the edge's epoll loop");
    }

    private static string PortsOf(Core.Cluster.ClusterSettings settings) => $"{settings.Vip} web {settings.Ports.Web} tls {settings.Ports.WebTls}";

    // Rebinding Kestrel would drop open web connections; the operator restarts the edge for a new web port.
    private void OnPoolsChanged(object? sender, PoolSnapshot snapshot)
    {
        var ports = PortsOf(snapshot.Topology.Settings);
        if (ports != _ports)
        {
            _ports = ports;
            EdgeLog.WebPortsChanged(_logger, ports);
        }
    }

    private X509Certificate2 LoadCertificate(EdgeOptions edge, string dnsName, IPAddress vip)
    {
        if (!string.IsNullOrWhiteSpace(edge.CertificatePath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(edge.CertificatePath, edge.CertificatePassword);
        }

        var generated = SelfSignedCertificate.Create(dnsName, vip, timeProvider);
        EdgeLog.SelfSignedCertificate(_logger, generated.Subject);
        return generated;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        pools.Changed -= OnPoolsChanged;
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }

        _forwarder?.Dispose();
        _forwarder = null;
        _http1?.Dispose();
        _http1 = null;
        _loop?.Dispose();
        _loop = null;
        _certificate?.Dispose();
        _certificate = null;
    }
}
