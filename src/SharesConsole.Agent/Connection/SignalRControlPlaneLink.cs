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

    // With several URLs: cancelled when the connection is given up, so that a heartbeat waiting on a silent control plane
    // ends at once and the next one goes out on the new connection.
    private CancellationTokenSource _connectionGone = new();
    private long _lastHeard;
    private readonly TimeSpan _silenceLimit;

    public SignalRControlPlaneLink(AgentOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _urls = options.AllControlPlaneUrls;
        // Acks come every heartbeat: a node configured to beat slower than the silence timeout allows must not take
        // its control plane for silent between two of them.
        _silenceLimit = AgentHubProtocol.SilenceTimeout > 2 * options.HeartbeatInterval ? AgentHubProtocol.SilenceTimeout : 2 * options.HeartbeatInterval;
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

        connection.Closed += error => ReferenceEquals(connection, _connection) ? OnClosedAsync(error) : Task.CompletedTask;
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
            connection.On(AgentHubProtocol.CommandMethod, Heard(onCommand));
        }

        return connection;
    }

    public bool IsConnected => _connection.State == HubConnectionState.Connected;

    public void Start(Func<AgentCommand, Task> onCommand)
    {
        _onCommand = onCommand;
        _connection.On(AgentHubProtocol.CommandMethod, Heard(onCommand));
        _loop = ConnectLoopAsync(_stop.Token);
    }

    public async Task<HeartbeatAck> SendHeartbeatAsync(Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        var (connection, gone) = (_connection, _connectionGone);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gone.Token);
        var ack = await connection.InvokeAsync<HeartbeatAck>(AgentHubProtocol.HeartbeatMethod, heartbeat, linked.Token).ConfigureAwait(false);
        MarkHeard();
        return ack;
    }

    public async Task SendReplyAsync(CommandReply reply, CancellationToken cancellationToken)
    {
        var (connection, gone) = (_connection, _connectionGone);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gone.Token);
        await connection.InvokeAsync(AgentHubProtocol.ReplyMethod, reply, linked.Token).ConfigureAwait(false);
    }

    private void MarkHeard() => Volatile.Write(ref _lastHeard, _timeProvider.GetTimestamp());

    private Func<AgentCommand, Task> Heard(Func<AgentCommand, Task> onCommand) => command =>
    {
        MarkHeard();
        return onCommand(command);
    };

    /// <summary>
    /// Until the connection closes; with several URLs also until the control plane has said nothing (no ack, no command)
    /// for <see cref="AgentHubProtocol.SilenceTimeout"/>: a paused one keeps the connection open, and SignalR's own
    /// timeout cannot close an SSE connection while a send to it hangs.
    /// </summary>
    private async Task WaitWhileAliveAsync(CancellationToken stop)
    {
        if (_urls.Count == 1)
        {
            await _closed.WaitAsync(stop).ConfigureAwait(false);   // SignalR reconnects by itself
            return;
        }

        while (!await _closed.WaitAsync(SilenceCheck, stop).ConfigureAwait(false))
        {
            if (_timeProvider.GetElapsedTime(Volatile.Read(ref _lastHeard)) > _silenceLimit)
            {
                LogSilent(_logger, _options.NodeName, CurrentUrl, _silenceLimit.TotalSeconds);
                return;
            }
        }
    }

    private static readonly TimeSpan SilenceCheck = TimeSpan.FromMilliseconds(250);

    /// <summary>With several URLs: a round of attempts that reached no control plane waits at most this long before the next.</summary>
    private static readonly TimeSpan MaxRoundDelay = TimeSpan.FromSeconds(1);

    private static async Task DisposeQuietlyAsync(HubConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Given up on already; a send still hanging on it ends when that control plane answers or goes.
        }
    }

    public void Abort()
    {
        _stop.Cancel();
        _ = _connection.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _connectionGone.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _connectionGone.Dispose();
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
        var triedInRound = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var connected = false;
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
                    connected = true;
                    MarkHeard();
                    LogConnected(_logger, _options.NodeName, CurrentUrl);
                    await WaitWhileAliveAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    LogConnectFailed(_logger, _options.NodeName, CurrentUrl, e is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : e.Message);
                }

                if (_urls.Count == 1)
                {
                    await Task.Delay(ReconnectBackoff.Delay(++attempt), _timeProvider, stop).ConfigureAwait(false);
                    continue;
                }

                // The next control plane at once, without waiting for the old connection to wind down (a send to a
                // paused one hangs until it wakes). A full round that reached none waits, at most a second: the
                // leader may be changing, and the node's lease runs meanwhile.
                var (previous, gone) = (_connection, _connectionGone);
                _current = (_current + 1) % _urls.Count;
                _connectionGone = new CancellationTokenSource();
                _connection = Build(_current);
                // Not disposed: a heartbeat that took the old pair just before the swap may still link to its token.
                await gone.CancelAsync().ConfigureAwait(false);
                _ = DisposeQuietlyAsync(previous);
                triedInRound = connected ? 0 : triedInRound + 1;
                if (triedInRound == 0 || triedInRound < _urls.Count)
                {
                    continue;
                }

                triedInRound = 0;
                var delay = ReconnectBackoff.Delay(++attempt);
                await Task.Delay(delay < MaxRoundDelay ? delay : MaxRoundDelay, _timeProvider, stop).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 144, Level = LogLevel.Warning, Message = "Node {Node}: the control plane at {Url} has said nothing for {Seconds} s (paused or cut off?); trying the next one")]
    private static partial void LogSilent(ILogger logger, string node, string url, double seconds);

    [LoggerMessage(EventId = 142, Level = LogLevel.Warning, Message = "Node {Node}: connection lost, reconnecting: {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string node, string? reason);

    [LoggerMessage(EventId = 143, Level = LogLevel.Warning, Message = "Node {Node}: connection closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string node, string? reason);
}
