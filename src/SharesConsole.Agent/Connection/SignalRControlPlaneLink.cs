using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Connection;

/// <summary>SignalR connection to <c>/hubs/agents</c>, authenticated with the node token.</summary>
internal sealed partial class SignalRControlPlaneLink : IControlPlaneLink
{
    private readonly IReadOnlyList<string> _urls;
    private HubConnection _connection;
    private Func<AgentCommand, Task>? _onCommand;
    private int _current;
    private readonly AgentOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _closed = new(0);
    private Task _loop = Task.CompletedTask;

    public SignalRControlPlaneLink(AgentOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _urls = options.AllControlPlaneUrls;
        _connection = Build(0);
    }

    private string CurrentUrl => _urls[_current];

    /// <summary>With several control planes: how long one connection attempt may take before the next URL is tried.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// One connection per control-plane URL in turn. With one URL SignalR reconnects by itself; with several the connect
    /// loop moves to the next URL when a connection closes or cannot be made.
    /// </summary>
    private HubConnection Build(int index)
    {
        var options = _options;
        var url = $"{_urls[index].TrimEnd('/')}{AgentHubProtocol.Path}?{AgentHubProtocol.NodeQuery}={Uri.EscapeDataString(options.NodeName)}";
        var builder = new HubConnectionBuilder()
            .WithUrl(url, http =>
            {
                // The token travels in a header on every transport, never in a URL (URLs end up in logs).
                http.Headers[AgentHubProtocol.TokenHeader] = options.Token;
                if (options.BindToAddress && System.Net.IPAddress.TryParse(options.Address, out var local))
                {
                    http.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.ServerSentEvents;
                    http.HttpMessageHandlerFactory = _ => BoundHandler.Create(local);
                }
            });
        if (_urls.Count == 1)
        {
            builder.WithAutomaticReconnect(new ReconnectBackoff());
        }

        var connection = builder.Build();
        if (_urls.Count > 1)
        {
            // A paused or cut-off control plane keeps the connection open and says nothing: without this the node would
            // wait SignalR's 30 s default for it while its lease (10 s) runs out, instead of moving to the new leader.
            connection.ServerTimeout = AgentHubProtocol.SilenceTimeout;
        }

        connection.Closed += OnClosedAsync;
        connection.Reconnecting += e =>
        {
            LogReconnecting(_logger, options.NodeName, e?.Message);
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            LogConnected(_logger, options.NodeName, CurrentUrl);
            return Task.CompletedTask;
        };
        if (_onCommand is { } onCommand)
        {
            connection.On(AgentHubProtocol.CommandMethod, onCommand);
        }

        return connection;
    }

    public bool IsConnected => _connection.State == HubConnectionState.Connected;

    public void Start(Func<AgentCommand, Task> onCommand)
    {
        _onCommand = onCommand;
        _connection.On(AgentHubProtocol.CommandMethod, onCommand);
        _loop = ConnectLoopAsync(_stop.Token);
    }

    public async Task<HeartbeatAck> SendHeartbeatAsync(Heartbeat heartbeat, CancellationToken cancellationToken) =>
        await _connection.InvokeAsync<HeartbeatAck>(AgentHubProtocol.HeartbeatMethod, heartbeat, cancellationToken).ConfigureAwait(false);

    public Task SendReplyAsync(CommandReply reply, CancellationToken cancellationToken) =>
        _connection.InvokeAsync(AgentHubProtocol.ReplyMethod, reply, cancellationToken);

    public void Abort()
    {
        _stop.Cancel();
        _ = _connection.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _closed.Dispose();
    }

    private Task OnClosedAsync(Exception? error)
    {
        if (!_stop.IsCancellationRequested)
        {
            LogClosed(_logger, _options.NodeName, error?.Message);
            _closed.Release();
        }

        return Task.CompletedTask;
    }

    private async Task ConnectLoopAsync(CancellationToken stop)
    {
        long attempt = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop))
                    {
                        if (_urls.Count > 1)
                        {
                            // A paused control plane accepts the connection in the kernel and never answers: try the next.
                            connecting.CancelAfter(ConnectTimeout);
                        }

                        await _connection.StartAsync(connecting.Token).ConfigureAwait(false);
                    }

                    attempt = 0;
                    LogConnected(_logger, _options.NodeName, CurrentUrl);
                    await _closed.WaitAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    LogConnectFailed(_logger, _options.NodeName, CurrentUrl, e is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : e.Message);
                }

                if (_urls.Count > 1)
                {
                    // The next control plane; a full round without a connection backs off as one URL does.
                    var previous = _connection;
                    _current = (_current + 1) % _urls.Count;
                    _connection = Build(_current);
                    await previous.DisposeAsync().ConfigureAwait(false);
                    if (_current != 0 && attempt == 0)
                    {
                        continue;
                    }
                }

                await Task.Delay(ReconnectBackoff.Delay(++attempt), _timeProvider, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "Node {Node}: connected to the control plane at {Url}")]
    private static partial void LogConnected(ILogger logger, string node, string url);

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "Node {Node}: cannot connect to the control plane at {Url}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string node, string url, string reason);

    [LoggerMessage(EventId = 142, Level = LogLevel.Warning, Message = "Node {Node}: connection lost, reconnecting: {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string node, string? reason);

    [LoggerMessage(EventId = 143, Level = LogLevel.Warning, Message = "Node {Node}: connection closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string node, string? reason);
}
