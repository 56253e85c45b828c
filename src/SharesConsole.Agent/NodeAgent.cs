using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SharesConsole.Agent.Commands;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Connection;
using SharesConsole.Agent.Drivers;
using SharesConsole.Agent.Epochs;
using SharesConsole.Agent.Fencing;
using SharesConsole.Agent.Metrics;
using SharesConsole.Agent.Probes;
using SharesConsole.Agent.Services;
using SharesConsole.Agent.Storage;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent;

/// <summary>
/// One node agent: drivers, probes, heartbeats, fenced commands and self-fencing. Embeddable (lab mode runs
/// one per lab node) and used by the executable's hosted service. Single use: after StopAsync or Crash,
/// create a new instance (the epoch survives in the state directory).
/// </summary>
public sealed partial class NodeAgent : IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly ServiceCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Func<NodeAgent, IControlPlaneLink> _createLink;
    private readonly Func<ServiceDefinition, AgentServiceOptions, IServiceDriver>? _createDriver;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _probeHttp = ServiceProber.CreateHttpClient();
    private AgentRuntime? _runtime;
    private int _state;

    public NodeAgent(AgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, ServiceCatalog? catalog = null)
        : this(options, loggerFactory, timeProvider, catalog, null, null)
    {
    }

    internal NodeAgent(
        AgentOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, ServiceCatalog? catalog,
        Func<NodeAgent, IControlPlaneLink>? createLink, Func<ServiceDefinition, AgentServiceOptions, IServiceDriver>? createDriver)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _catalog = catalog ?? ServiceCatalog.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<NodeAgent>();
        _createLink = createLink ?? (a => new SignalRControlPlaneLink(a._options, a._timeProvider, a._logger));
        _createDriver = createDriver;
    }

    public string NodeName => _options.NodeName;

    public AgentOptions Options => _options;

    public bool IsConnected => _runtime?.Link.IsConnected ?? false;

    public bool IsActiveLeaseHeld => _runtime?.Lease.IsHeld ?? false;

    public long HighestEpoch => _runtime?.Epochs.Highest ?? 0;

    public FencingReport? LastFencing => _runtime?.LastFencing;

    public IReadOnlyList<ServiceStatus> Services => _runtime?.Board.Snapshot() ?? [];

    /// <summary>The latest shared-storage probe result; null when the agent does not probe.</summary>
    public StorageHealth? Storage => _runtime?.Storage?.Latest;

    /// <summary>Shared-storage probes finished so far (tests wait on it).</summary>
    internal long StorageProbes => _runtime?.Storage?.Probes ?? 0;

    /// <summary>Completed heartbeat periods (tests drive the clock and wait on this).</summary>
    internal long Ticks => _runtime?.Ticks ?? 0;

    /// <summary>Raised after the agent fenced itself.</summary>
    public event EventHandler<FencingReport>? Fenced;

    /// <summary>Validates the options, loads the epoch, starts auto-start services, connects and begins heartbeats.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Agent {NodeName} was already started; create a new NodeAgent.");
        }

        var errors = AgentOptionsValidator.Collect(_options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(AgentOptions.SectionName, typeof(AgentOptions), errors);
        }

        var runtime = CreateRuntime();
        _runtime = runtime;
        if (!_options.SelfFencing)
        {
            LogSelfFencingOff(_logger, NodeName);
            runtime.LastSelfFencingWarning = _timeProvider.GetUtcNow();
        }

        foreach (var problem in await runtime.Board.AttachAsync(cancellationToken).ConfigureAwait(false))
        {
            LogAttachFailed(_logger, NodeName, problem);
        }

        foreach (var service in runtime.Board.Services.Where(s => s.Options.AutoStart))
        {
            await runtime.Executor.ExecuteAsync(
                AgentCommand.Create(AgentCommandKind.Start, runtime.Epochs.Highest, service.Name, "auto-start"), cancellationToken).ConfigureAwait(false);
        }

        await runtime.Board.RefreshAsync(cancellationToken).ConfigureAwait(false);
        runtime.Storage?.Start();
        StartDiskHeartbeat(runtime);
        runtime.Link.Start(OnCommandAsync);
        runtime.Loop = RunLoopAsync(runtime, _stopping.Token);
        LogStarted(_logger, NodeName, runtime.Board.Services.Count, runtime.Epochs.Highest);
    }

    /// <summary>Runs a command locally, exactly as if it came from the control plane.</summary>
    public Task<CommandReply> ExecuteAsync(AgentCommand command, CancellationToken cancellationToken) =>
        (_runtime ?? throw new InvalidOperationException("The agent is not started.")).Executor.ExecuteAsync(command, cancellationToken);

    /// <summary>The heartbeat this agent would send now.</summary>
    public async Task<Heartbeat> CreateHeartbeatAsync(CancellationToken cancellationToken)
    {
        var runtime = _runtime ?? throw new InvalidOperationException("The agent is not started.");
        var (sequence, services) = runtime.Board.TakeSnapshot();
        var storage = runtime.Storage?.Latest;
        if (storage is not null && runtime.Disk is { } disk)
        {
            var problem = disk.Problem;
            storage = storage with { DiskHeartbeatOk = problem is null, DiskHeartbeatError = problem };
        }

        var metrics = await runtime.Metrics.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new Heartbeat
        {
            Node = NodeName,
            SentAt = _timeProvider.GetUtcNow(),
            AgentVersion = AgentVersion.Current,
            HighestEpoch = runtime.Epochs.Highest,
            IsActiveLeaseHeld = runtime.Lease.IsHeld,
            SelfFencingEnabled = _options.SelfFencing,
            Services = services,
            Instance = runtime.Board.Instance,
            Sequence = sequence,
            Metrics = metrics with { SharedStorageFreeBytes = storage?.FreeBytes },
            LastFencing = runtime.LastFencing,
            Storage = storage,
        };
    }

    /// <summary>Disconnects cleanly and releases the drivers; real services keep running, lab stand-ins stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1 || _runtime is not { } runtime)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        runtime.Disk?.Stop();
        await runtime.Loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        await runtime.Link.DisposeAsync().ConfigureAwait(false);
        await runtime.DrainCommandsAsync(cancellationToken).ConfigureAwait(false);
        await runtime.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger, NodeName);
    }

    /// <summary>Dies on the spot: the connection drops without a goodbye and lab stand-ins vanish (lab chaos).</summary>
    public void Crash()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1 || _runtime is not { } runtime)
        {
            return;
        }

        _stopping.Cancel();
        // Disposed, not only stopped: a crashed agent is never stopped or disposed again, and the disk heartbeat's
        // fencing thread would outlive it.
        runtime.Disk?.Dispose();
        runtime.Link.Abort();
        runtime.Board.CrashAll();
        _ = runtime.Storage?.DisposeAsync().AsTask();
        LogCrashed(_logger, NodeName);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _probeHttp.Dispose();
    }

    private AgentRuntime CreateRuntime()
    {
        var factory = new ServiceDriverFactory(_options, _loggerFactory, _timeProvider);
        var board = new ServiceBoard(_options, _catalog, _createDriver ?? factory.Create, new ServiceProber(_probeHttp, _timeProvider), _timeProvider);
        var epochs = EpochStore.Open(_options.StateDirectory, _options.MaxEpochJump);
        var executor = new CommandExecutor(
            NodeName, board, epochs, _options.CommandTimeout, _timeProvider, _loggerFactory.CreateLogger<CommandExecutor>());
        var storage = _options.Storage.Enabled && !string.IsNullOrWhiteSpace(_options.SharedStoragePath)
            ? new StorageMonitor(_options.SharedStoragePath, NodeName, _options.Storage, _timeProvider, _loggerFactory.CreateLogger<StorageMonitor>())
            : null;
        return new AgentRuntime(
            board, epochs, executor, new ActiveLease(_timeProvider, _options.Lease), new NodeMetricsReader(), _createLink(this), storage);
    }

    private void RaiseFenced(FencingReport report) => Fenced?.Invoke(this, report);
}
