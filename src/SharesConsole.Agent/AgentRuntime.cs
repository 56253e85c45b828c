using SharesConsole.Agent.Commands;
using SharesConsole.Agent.Connection;
using SharesConsole.Agent.Epochs;
using SharesConsole.Agent.Fencing;
using SharesConsole.Agent.Metrics;
using SharesConsole.Agent.Services;
using SharesConsole.Agent.Storage;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent;

/// <summary>Everything a started agent owns.</summary>
internal sealed class AgentRuntime(
    ServiceBoard board, EpochStore epochs, CommandExecutor executor, ActiveLease lease, NodeMetricsReader metrics, IControlPlaneLink link,
    StorageMonitor? storage)
    : IAsyncDisposable
{
    private readonly Lock _commandsLock = new();
    private readonly HashSet<Task> _commands = [];
    private FencingReport? _lastFencing;
    private long _ticks;

    public ServiceBoard Board { get; } = board;

    public EpochStore Epochs { get; } = epochs;

    public CommandExecutor Executor { get; } = executor;

    public ActiveLease Lease { get; } = lease;

    public NodeMetricsReader Metrics { get; } = metrics;

    public IControlPlaneLink Link { get; } = link;

    /// <summary>The shared-storage probe; null when no shared path is configured or the probe is off.</summary>
    public StorageMonitor? Storage { get; } = storage;
    /// <summary>The disk heartbeat on the shared storage; null when off.</summary>
    public DiskHeartbeat.DiskHeartbeatLoop? Disk { get; set; }

    public Task Loop { get; set; } = Task.CompletedTask;

    public long Ticks => Interlocked.Read(ref _ticks);

    public void CountTick() => Interlocked.Increment(ref _ticks);

    public DateTimeOffset LastSelfFencingWarning { get; set; }

    public FencingReport? LastFencing
    {
        get => Volatile.Read(ref _lastFencing);
        set => Volatile.Write(ref _lastFencing, value);
    }

    public void Track(Task command)
    {
        lock (_commandsLock)
        {
            _commands.Add(command);
        }

        command.ContinueWith(
            t =>
            {
                lock (_commandsLock)
                {
                    _commands.Remove(t);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task DrainCommandsAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_commandsLock)
        {
            pending = [.. _commands];
        }

        return Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Storage is { } storage)
        {
            await storage.DisposeAsync().ConfigureAwait(false);
        }

        Disk?.Dispose();
        await Board.DisposeAsync().ConfigureAwait(false);
        Epochs.Dispose();
    }
}
