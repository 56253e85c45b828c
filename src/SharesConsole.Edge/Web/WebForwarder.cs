using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using Yarp.ReverseProxy.Forwarder;

namespace SharesConsole.Edge.Web;

/// <summary>
/// Picks a web node per request and forwards with YARP's <see cref="IHttpForwarder"/>. An idempotent request without
/// a body whose connect fails is sent once more to another node, so a dead node costs the client nothing.
/// </summary>
public sealed class WebForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly EdgePools _pools;
    private readonly NodeHealthMonitor _health;
    private readonly DrainRegistry _drain;
    private readonly NodeCounters _noNode;
    private readonly EdgeOptions _options;
    private readonly ILogger<WebForwarder> _logger;
    private readonly LogThrottle _throttle = new(TimeProvider.System, TimeSpan.FromMinutes(1));
    private readonly DestinationSelector _selector;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpTransformer _transformer;
    private readonly ForwarderRequestConfig _config = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public WebForwarder(
        IHttpForwarder forwarder,
        EdgePools pools,
        NodeHealthMonitor health,
        DrainRegistry drain,
        EdgeCounters counters,
        IOptions<EdgeOptions> options,
        ILogger<WebForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counters);
        _forwarder = forwarder;
        _pools = pools;
        _health = health;
        _drain = drain;
        _options = options.Value;
        _logger = logger;
        _noNode = counters.For(EdgeCounters.NoNode, EdgeProtocol.Web);
        _selector = new DestinationSelector(_options.LoadBalancing);
        _transformer = new EdgeTransformer(_options.CookieAffinity ? _options.AffinityCookieName : null, new TrustedNetworks(_options.TrustedProxies));
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
            ConnectTimeout = _options.ConnectTimeout,
        };
        if (!_options.ValidateNodeCertificates)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = Pick(context, _pools.Current);
        if (node is null)
        {
            _noNode.Error();
            _noNode.Status(StatusCodes.Status503ServiceUnavailable);
            if (_throttle.ShouldLog("no-node", out var suppressed))
            {
                EdgeLog.NoNode(_logger, PoolKind.Web, "http", context.Connection.RemoteIpAddress?.ToString() ?? "?", suppressed);
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var error = await ForwardAsync(context, node).ConfigureAwait(false);
        if (error == ForwarderError.Request && IsConnectFailure(context) && CanRetry(context))
        {
            _health.ReportFailure(node.Node, PoolKind.Web);
            var other = _selector.Select(_pools.Current.Web, except: node);
            if (other is not null)
            {
                if (_throttle.ShouldLog($"retry {node.Node}", out var suppressed))
                {
                    EdgeLog.WebRetry(_logger, context.Request.Method, context.Request.Path.ToUriComponent(), node.Node, other.Node, suppressed);
                }

                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.StatusCode = StatusCodes.Status200OK;
                node = other;
                error = await ForwardAsync(context, node).ConfigureAwait(false);
            }
        }

        node.Counters.Status(context.Response.StatusCode);
    }

    private WebDestination? Pick(HttpContext context, PoolSnapshot snapshot)
    {
        var pool = snapshot.Web;
        if (!_options.CookieAffinity)
        {
            return _selector.Select(pool);
        }

        var wanted = context.Request.Cookies[_options.AffinityCookieName];
        foreach (var destination in pool)
        {
            if (destination.Node == wanted)
            {
                return destination;
            }
        }

        var chosen = _selector.Select(pool);
        if (chosen is not null)
        {
            context.Items[EdgeTransformer.NodeItem] = chosen.Node;
        }

        return chosen;
    }

    private async ValueTask<ForwarderError> ForwardAsync(HttpContext context, WebDestination node)
    {
        var session = new RequestSession(context);
        node.Enter();
        node.Counters.Started();
        node.Counters.In(context.Request.ContentLength ?? 0);
        _drain.Track(node.Node, session);
        context.Features.Set(node);
        try
        {
            if (_options.CookieAffinity && context.Items.ContainsKey(EdgeTransformer.NodeItem))
            {
                context.Items[EdgeTransformer.NodeItem] = node.Node;
            }

            var error = await _forwarder.SendAsync(context, node.Prefix, _invoker, _config, _transformer, context.RequestAborted).ConfigureAwait(false);
            if (error != ForwarderError.None)
            {
                node.Counters.Error();
                if (_throttle.ShouldLog($"failed {node.Node}", out var suppressed))
                {
                    EdgeLog.WebForwardFailed(_logger, context.Features.Get<IForwarderErrorFeature>()?.Exception, node.Node, error.ToString(), suppressed);
                }
            }

            return error;
        }
        finally
        {
            _drain.Untrack(node.Node, session);
            node.Counters.Finished();
            node.Leave();
        }
    }

    private static bool IsConnectFailure(HttpContext context)
    {
        for (var ex = context.Features.Get<IForwarderErrorFeature>()?.Exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool CanRetry(HttpContext context)
    {
        var request = context.Request;
        var idempotent = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method);
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        return idempotent && !hasBody && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested;
    }

    public void Dispose() => _invoker.Dispose();
}
