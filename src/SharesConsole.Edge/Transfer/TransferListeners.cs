using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// Opens the SSH (TCP) and FASP (UDP) listeners on the VIP while the architecture is RedirectAll and closes them
/// under WebOnly, following topology changes at run time.
/// </summary>
public sealed class TransferListeners : IAsyncDisposable
{
    private readonly TransferContext _context;
    private readonly IdleSweeper _tcpIdle;
    private readonly IdleSweeper _udpIdle;
    private readonly CancellationTokenSource _sessions = new();
    private readonly Lock _lock = new();
    private readonly List<UdpProxyListener> _udp = [];
    private readonly List<Task> _closing = [];
    private TcpProxyListener? _tcp;
    private string? _openKey;
    private bool _started;
    private int _disposed;

    public TransferListeners(TransferContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _tcpIdle = new IdleSweeper(context.Options.TcpIdleTimeout, context.TimeProvider);
        _udpIdle = new IdleSweeper(context.Options.UdpIdleTimeout, context.TimeProvider);
    }

    /// <summary>True while the transfer listeners are bound.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _openKey is not null;
            }
        }
    }

    public IPEndPoint? TcpEndpoint => _tcp?.Endpoint;

    public IReadOnlyList<IPEndPoint> UdpEndpoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _udp.Select(u => u.Endpoint)];
            }
        }
    }

    public int UdpFlowCount
    {
        get
        {
            lock (_lock)
            {
                return _udp.Sum(u => u.FlowCount);
            }
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            _started = true;
        }

        _context.Pools.Changed += OnPoolsChanged;
        Apply(_context.Pools.Current);
    }

    private void OnPoolsChanged(object? sender, PoolSnapshot snapshot) => Apply(snapshot);

    /// <summary>Opens, closes or moves the listeners to match the snapshot.</summary>
    public void Apply(PoolSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var settings = snapshot.Topology.Settings;
        var ports = settings.Ports;
        var wanted = settings.Architecture == ArchitectureType.RedirectAll
            ? $"{settings.Vip}|{ports.Ssh}|{ports.Fasp}|{ports.FaspRangeEnd}"
            : null;
        lock (_lock)
        {
            if (!_started)
            {
                return;
            }

            if (wanted != _openKey)
            {
                CloseLocked();
                if (wanted is not null)
                {
                    OpenLocked(settings);
                }

                _openKey = wanted;
                EdgeLog.ArchitectureApplied(_context.Logger, settings.Architecture);
            }

            foreach (var udp in _udp)
            {
                udp.CloseFlowsOfLostNodes(snapshot);
            }
        }
    }

    private void OpenLocked(ClusterSettings settings)
    {
        var ssh = new IPEndPoint(settings.Vip, settings.Ports.Ssh);
        try
        {
            _tcp = TcpProxyListener.Open(ssh, _context, _tcpIdle, _sessions.Token);
            EdgeLog.ListenerOpened(_context.Logger, "tcp", _tcp.Endpoint);
        }
        catch (SocketException ex)
        {
            EdgeLog.ListenerFailed(_context.Logger, ex, "tcp", ssh);
        }

        var last = Math.Max(settings.Ports.Fasp, settings.Ports.FaspRangeEnd);
        for (var port = settings.Ports.Fasp; port <= last; port++)
        {
            var endpoint = new IPEndPoint(settings.Vip, port);
            try
            {
                var udp = UdpProxyListener.Open(endpoint, port - settings.Ports.Fasp, _context, _udpIdle);
                _udp.Add(udp);
                EdgeLog.ListenerOpened(_context.Logger, "udp", udp.Endpoint);
            }
            catch (SocketException ex)
            {
                EdgeLog.ListenerFailed(_context.Logger, ex, "udp", endpoint);
            }
        }
    }

    private void CloseLocked()
    {
        if (_tcp is not null)
        {
            _closing.Add(_tcp.DisposeAsync().AsTask());
            _tcp = null;
        }

        foreach (var udp in _udp)
        {
            _closing.Add(udp.DisposeAsync().AsTask());
        }

        _udp.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _context.Pools.Changed -= OnPoolsChanged;
        Task[] closing;
        lock (_lock)
        {
            _started = false;
            CloseLocked();
            _openKey = null;
            closing = [.. _closing];
            _closing.Clear();
        }

        await _sessions.CancelAsync().ConfigureAwait(false);
        _tcpIdle.CloseAll();
        _udpIdle.CloseAll();
        await Task.WhenAll(closing).ConfigureAwait(false);
        _tcpIdle.Dispose();
        _udpIdle.Dispose();
        _sessions.Dispose();
    }
}
