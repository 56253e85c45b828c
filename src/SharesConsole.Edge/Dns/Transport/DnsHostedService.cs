using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns.Zone;

namespace SharesConsole.Edge.Dns.Transport;

/// <summary>Binds UDP and TCP on every listen address at start (bind errors stop startup) and runs the loops until stop.</summary>
internal sealed class DnsHostedService(
    DnsResponder responder,
    IClusterTopologySource topology,
    IOptions<DnsOptions> options,
    IOptions<Configuration.EdgeOptions> edge,
    TimeProvider time,
    ILogger<DnsHostedService> logger) : IHostedService, IDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly List<IPEndPoint> _endpoints = [];
    private CancellationTokenSource? _stopping;

    /// <summary>Where the responder listens (UDP and TCP share each port); known after start.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _endpoints;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!edge.Value.Embedded)
        {
            DnsLog.OnTheEdges(logger);
            return Task.CompletedTask;
        }

        return StartServingAsync(cancellationToken);
    }

    /// <summary>Binds and serves (the edge executable calls this once it has a configuration).</summary>
    public Task StartServingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            DnsLog.Disabled(logger);
            return Task.CompletedTask;
        }

        var cluster = topology.Current.Settings;
        var addresses = settings.Listen.Length == 0 ? [cluster.Vip] : settings.Listen.Select(IPAddress.Parse).ToArray();
        var port = settings.Port ?? cluster.Ports.Dns;
        var loops = settings.UdpReceiveLoops > 0 ? settings.UdpReceiveLoops : Environment.ProcessorCount;
        _stopping = new CancellationTokenSource();
        try
        {
            foreach (var address in addresses)
            {
                var udp = Track(new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
                if (settings.SocketBufferSize > 0)
                {
                    udp.ReceiveBufferSize = settings.SocketBufferSize;
                    udp.SendBufferSize = settings.SocketBufferSize;
                }

                udp.Bind(new IPEndPoint(address, port));
                var bound = (IPEndPoint)udp.LocalEndPoint!;
                var tcp = Track(new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
                tcp.Bind(bound);
                tcp.Listen(512);
                _endpoints.Add(bound);
                DnsLog.Listening(logger, bound, "udp+tcp");
                _loops.Add(new DnsUdpServer(udp, responder, logger).RunAsync(loops, _stopping.Token));
                _loops.Add(new DnsTcpServer(tcp, responder, settings, time, logger).RunAsync(_stopping.Token));
            }
        }
        catch
        {
            _stopping.Cancel();
            CloseSockets();
            throw;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not { } stopping)
        {
            return;
        }

        await stopping.CancelAsync();
        CloseSockets();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        DnsLog.Stopped(logger);
    }

    /// <summary>Idempotent: the container disposes the instance once per registration that hands it out.</summary>
    public void Dispose()
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is null)
        {
            return;
        }

        stopping.Cancel();
        CloseSockets();
        stopping.Dispose();
    }

    private Socket Track(Socket socket)
    {
        _sockets.Add(socket);
        return socket;
    }

    private void CloseSockets()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
