using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;

namespace SharesConsole.Edge.Health;

/// <summary>HTTP GET on the node's web port for the web pool; TCP connect to the SSH port for the transfer pool.</summary>
public sealed class NodeProbe : IHealthProbe, IDisposable
{
    private readonly HttpClient _client;
    private readonly string _webPath;
    private readonly int _transferPort;

    public NodeProbe(IOptions<EdgeOptions> options, ServiceCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var edge = options.Value;
        _webPath = edge.WebProbePath is { Length: > 0 } path
            ? path
            : (catalog ?? ServiceCatalog.Default).Find("nginx")?.Probe.Path ?? "/";
        _transferPort = edge.TransferProbePort;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = edge.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        };
        if (!edge.ValidateNodeCertificates)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<string?> ProbeAsync(NodeDefinition node, PoolKind pool, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return pool == PoolKind.Web ? HttpAsync(node, timeout, cancellationToken) : TcpAsync(node, timeout, cancellationToken);
    }

    private async Task<string?> HttpAsync(NodeDefinition node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var scheme = node.Ports.WebTls ? "https" : "http";
        var uri = new Uri($"{scheme}://{EndpointText.Format(node.PrivateAddress, node.Ports.Web)}{_webPath}");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} from {uri}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"timeout after {timeout.TotalMilliseconds} ms on {uri}";
        }
        catch (HttpRequestException ex)
        {
            return $"{ex.Message} ({uri})";
        }
    }

    private async Task<string?> TcpAsync(NodeDefinition node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var port = _transferPort > 0 ? _transferPort : node.Ports.Ssh;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var socket = new Socket(node.PrivateAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(node.PrivateAddress, port, cts.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"TCP connect timeout to port {port}";
        }
        catch (SocketException ex)
        {
            return $"TCP connect to port {port}: {ex.SocketErrorCode}";
        }
    }

    public void Dispose() => _client.Dispose();
}
