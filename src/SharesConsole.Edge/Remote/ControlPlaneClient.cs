using System.Reflection;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Health;

namespace SharesConsole.Edge.Remote;

/// <summary>
/// Keeps one connection to a control plane (the URLs in turn, the last one that worked first), applies every configuration
/// it sends, saves it with the pool health in the snapshot file, and reports the edge's state every report interval.
/// Whatever happens to the control plane, the edge keeps serving what it has.
/// </summary>
public sealed partial class ControlPlaneClient : IAsyncDisposable
{
    private static readonly string? SoftwareVersion =
        typeof(ControlPlaneClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private readonly EdgeHostOptions _options;
    private readonly string _token;
    private readonly RemoteTopologySource _topology;
    private readonly NodeHealthMonitor _health;
    private readonly IEdgeCounters _counters;
    private readonly EdgeSnapshotFile _snapshot;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogThrottle _throttle;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _startedAt;
    private Task _loops = Task.CompletedTask;
    private HubConnection? _connection;
    private int _preferred;
    private int _snapshotDirty;
    private int _disposed;
    private long _highestTerm;

    public ControlPlaneClient(
        IOptions<EdgeHostOptions> options, RemoteTopologySource topology, NodeHealthMonitor health, IEdgeCounters counters,
        TimeProvider time, ILogger<ControlPlaneClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _token = string.IsNullOrWhiteSpace(_options.TokenFile) ? _options.Token : File.ReadAllText(_options.TokenFile).Trim();
        _topology = topology;
        _health = health;
        _counters = counters;
        _snapshot = new EdgeSnapshotFile(_options.SnapshotPath);
        _time = time;
        _logger = logger;
        _throttle = new LogThrottle(time, TimeSpan.FromMinutes(1));
        _startedAt = time.GetUtcNow();
        health.Changed += (_, _) => Interlocked.Exchange(ref _snapshotDirty, 1);
    }

    /// <summary>The control plane this edge is connected to now, or null.</summary>
    public string? ConnectedTo { get; private set; }

    /// <summary>Set by the runner once the listeners are open.</summary>
    public bool Serving { get; set; }

    public EdgeSnapshotFile Snapshot => _snapshot;

    public void Start() =>
        _loops = Task.WhenAll(ConnectLoopAsync(_stop.Token), ReportLoopAsync(_stop.Token), SnapshotLoopAsync(_stop.Token));

    public EdgeReport BuildReport()
    {
        var vip = _topology.HasConfiguration ? _topology.Current.Settings.Vip : null;
        return new EdgeReport
        {
            ConfigVersion = _topology.Version,
            Serving = Serving,
            HoldsVip = vip is not null && VipOwnership.IsLocal(vip),
            FromSnapshot = _topology.FromSnapshot,
            SoftwareVersion = SoftwareVersion,
            StartedAt = _startedAt,
            Probes = [.. _health.Verdicts().Select(v => new EdgeProbeVerdict(v.Node, v.Pool, v.Up))],
            Counters = _counters.Snapshot(),
        };
    }

    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        var failedRounds = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var urls = _options.ControlPlaneUrls;
            var connected = false;
            for (var i = 0; i < urls.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                var index = (_preferred + i) % urls.Count;
                if (await RunOneAsync(urls[index], cancellationToken).ConfigureAwait(false))
                {
                    _preferred = index;
                    connected = true;
                    break;
                }
            }

            failedRounds = connected ? 0 : failedRounds + 1;
            var delay = failedRounds switch { 0 => TimeSpan.Zero, 1 => TimeSpan.FromMilliseconds(500), 2 => TimeSpan.FromSeconds(1), 3 => TimeSpan.FromSeconds(2), _ => TimeSpan.FromSeconds(5) };
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Connects to one control plane and stays until the connection ends; false when it could not connect.</summary>
    private async Task<bool> RunOneAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var url = $"{baseUrl.TrimEnd('/')}{EdgeHubProtocol.Path}?{EdgeHubProtocol.EdgeQuery}={Uri.EscapeDataString(_options.Name)}";
        var connection = new HubConnectionBuilder()
            .WithUrl(url, http => http.Headers[EdgeHubProtocol.TokenHeader] = _token)
            .Build();
        if (_options.ControlPlaneUrls.Count > 1)
        {
            // A paused control plane keeps the connection open and silent: move to the next one (the new leader) instead.
            connection.ServerTimeout = Core.Agents.AgentHubProtocol.SilenceTimeout;
        }

        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        connection.On<EdgeConfig>(EdgeHubProtocol.ConfigMethod, Apply);
        try
        {
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(_options.ConnectTimeout);
                await connection.StartAsync(attempt.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (_throttle.ShouldLog(baseUrl, out var suppressed))
            {
                LogConnectFailed(_logger, baseUrl, ex.Message, suppressed);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        ConnectedTo = baseUrl;
        Volatile.Write(ref _connection, connection);
        LogConnected(_logger, baseUrl);
        try
        {
            await Task.WhenAny(closed.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _connection, null);
            ConnectedTo = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            LogDisconnected(_logger, baseUrl, closed.Task.IsCompleted ? closed.Task.Result?.Message ?? "closed" : "closed");
        }

        return true;
    }

    private void Apply(EdgeConfig config)
    {
        var highest = Interlocked.Read(ref _highestTerm);
        if (config.Term < highest)
        {
            LogStaleTerm(_logger, config.Version, config.Term, highest);
            return;
        }

        Interlocked.CompareExchange(ref _highestTerm, config.Term, highest);
        try
        {
            var topology = TopologyJson.Parse(config.Topology);
            var wasSnapshot = _topology.FromSnapshot;
            if (_topology.Apply(topology, config.Version, fromSnapshot: false))
            {
                LogApplied(_logger, config.Version, topology.Nodes.Length);
                Interlocked.Exchange(ref _snapshotDirty, 1);
            }
            else if (wasSnapshot)
            {
                LogConfirmed(_logger, config.Version);
            }
        }
        catch (FormatException ex)
        {
            LogBadConfig(_logger, config.Version, ex.Message);
        }
    }

    private async Task ReportLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ReportInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _connection) is { State: HubConnectionState.Connected } connection)
                {
                    try
                    {
                        await connection.SendAsync(EdgeHubProtocol.ReportMethod, BuildReport(), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The connection loop notices a dead connection and moves on; nothing to add here.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SnapshotLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                SaveIfChanged();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes the snapshot file when the configuration or a verdict changed since the last write.</summary>
    public void SaveIfChanged()
    {
        if (Interlocked.Exchange(ref _snapshotDirty, 0) == 0 || !_topology.HasConfiguration)
        {
            return;
        }

        var config = TopologyJson.ToConfig(_topology.Current);
        try
        {
            _snapshot.Write(new EdgeSnapshot
            {
                Version = _topology.Version ?? config.Version,
                Topology = config.Topology,
                Health = [.. _health.Verdicts().Select(v => new EdgeProbeVerdict(v.Node, v.Pool, v.Up))],
                SavedAt = _time.GetUtcNow(),
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Exchange(ref _snapshotDirty, 1);
            if (_throttle.ShouldLog("snapshot", out var suppressed))
            {
                LogSnapshotFailed(_logger, _snapshot.Path, ex.Message, suppressed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        SaveIfChanged();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Connected to the control plane at {Url}")]
    private static partial void LogConnected(ILogger logger, string url);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Lost the control plane at {Url} ({Reason}); serving on unchanged, reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Cannot reach the control plane at {Url}: {Reason} ({Suppressed} more failed attempts since the last report); serving on unchanged")]
    private static partial void LogConnectFailed(ILogger logger, string url, string reason, int suppressed);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Applied configuration {Version} ({Nodes} nodes)")]
    private static partial void LogApplied(ILogger logger, string version, int nodes);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "The control plane confirmed configuration {Version} served from the snapshot")]
    private static partial void LogConfirmed(ILogger logger, string version);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "Refused configuration {Version} from the control plane: {Reason}; serving on unchanged")]
    private static partial void LogBadConfig(ILogger logger, string version, string reason);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Refused configuration {Version} of stale leader term {Term} (highest seen {Highest}): it comes from a control plane that is no longer the leader")]
    private static partial void LogStaleTerm(ILogger logger, string version, long term, long highest);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Cannot write the snapshot file {Path}: {Reason} ({Suppressed} more since the last report)")]
    private static partial void LogSnapshotFailed(ILogger logger, string path, string reason, int suppressed);
}
