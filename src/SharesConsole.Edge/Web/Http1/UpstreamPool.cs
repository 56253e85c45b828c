using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Web.Transport;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// Idle keep-alive connections to one node (by its prefix, plain or TLS as the topology says), newest first. A
/// connection idle for more than a second is checked before reuse, since the node may have closed it meanwhile.
/// </summary>
internal sealed class UpstreamPool : IDisposable
{
    private const int MaxIdle = 512;
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxIdleTime = TimeSpan.FromSeconds(50);

    private readonly Stack<UpstreamConnection> _idle = new();
    private readonly Lock _lock = new();
    private readonly string _host;
    private readonly int _port;
    private readonly bool _tls;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _time;
    private readonly EventLoop? _loop;
    private bool _disposed;

    public UpstreamPool(string prefix, EdgeOptions options, TimeProvider time, EventLoop? loop = null)
    {
        _loop = loop;
        var uri = new Uri(prefix);
        _host = uri.IdnHost;
        _port = uri.Port;
        _tls = uri.Scheme == Uri.UriSchemeHttps;
        _options = options;
        _time = time;
    }

    /// <summary>An idle connection, or null when a new one must be opened.</summary>
    public UpstreamConnection? TakeIdle()
    {
        while (true)
        {
            UpstreamConnection? connection;
            lock (_lock)
            {
                if (!_idle.TryPop(out connection))
                {
                    return null;
                }
            }

            var idle = _time.GetElapsedTime(connection.IdleSince);
            if (idle < CheckAfter || (idle < MaxIdleTime && !connection.LooksClosed()))
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    /// <summary>Opens a connection; a <see cref="SocketException"/> or a timeout means the node refused or did not answer.</summary>
    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null && !_tls)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            var address = IPAddress.TryParse(_host, out var parsed)
                ? parsed
                : (await System.Net.Dns.GetHostAddressesAsync(_host, timeout.Token).ConfigureAwait(false)).FirstOrDefault()
                    ?? throw new SocketException((int)SocketError.HostNotFound);
            return new UpstreamConnection(await LoopConnection.ConnectAsync(_loop, new IPEndPoint(address, _port), timeout.Token).ConfigureAwait(false));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.ConnectTimeout);
                await socket.ConnectAsync(_host, _port, timeout.Token).ConfigureAwait(false);
            }

            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var authentication = new SslClientAuthenticationOptions
                {
                    TargetHost = _host,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                };
                if (!_options.ValidateNodeCertificates)
                {
                    authentication.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
                }

                try
                {
                    await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            return new UpstreamConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Return(UpstreamConnection connection)
    {
        connection.IdleSince = _time.GetTimestamp();
        connection.Reused = true;
        lock (_lock)
        {
            if (!_disposed && _idle.Count < MaxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }
}
