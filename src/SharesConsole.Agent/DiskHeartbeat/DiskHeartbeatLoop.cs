using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Storage;

namespace SharesConsole.Agent.DiskHeartbeat;

/// <summary>
/// The node's side of the disk heartbeat, on a thread of its own so a hung mount stalls nothing else: every interval it
/// reads its pill file and writes its slot. A pill for the node's current epoch (or a later one) that it has not obeyed
/// yet is handed to <c>obey</c>, which stops the active/passive services; once they are all stopped, the slot carries
/// the confirmation, which the fencing node reads (<see cref="PoisonAsync"/>). A node that cannot stop them confirms
/// nothing, and the fence falls back to the lease.
/// </summary>
public sealed partial class DiskHeartbeatLoop(
    string node,
    string directory,
    TimeSpan interval,
    TimeSpan ioTimeout,
    TimeProvider time,
    Func<long> highestEpoch,
    Func<bool> leaseHeld,
    Func<PoisonPill, CancellationToken, Task<PillConfirmation?>> obey,
    ILogger logger) : IDisposable
{
    private static readonly TimeSpan ConfirmPoll = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stopping = new();
    private readonly BlockingCallRunner _fencing = new($"disk-fencing-{node}", time);
    private readonly Lock _lock = new();
    private Thread? _thread;
    private PillConfirmation? _confirmed;
    private string? _lastError;
    private long _sequence;
    private long _lastWritten;

    public string Directory => directory;

    /// <summary>The last failure to read the pill or write the slot; null after a good round.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>
    /// What is wrong with the disk heartbeat, or null while its slot is written: the last failure, or, when a round is
    /// stuck in a hung mount (which reports nothing), how long no slot has been written.
    /// </summary>
    public string? Problem
    {
        get
        {
            if (LastError is { } error)
            {
                return error;
            }

            var since = time.GetElapsedTime(Interlocked.Read(ref _lastWritten));
            return since > interval * 3 ? $"no slot written for {since.TotalSeconds:0} s: the shared storage does not answer" : null;
        }
    }

    public void Start()
    {
        Interlocked.Exchange(ref _lastWritten, time.GetTimestamp());
        _thread = new Thread(Run) { IsBackground = true, Name = $"disk heartbeat {node}" };
        _thread.Start();
    }

    /// <summary>Stops the loop; a round stuck in a hung mount is left behind (its thread is a background one).</summary>
    public void Stop() => CancelQuietly();

    /// <summary>
    /// Fences <paramref name="victim"/> through the storage: writes a pill into its slot and waits until its slot confirms
    /// that pill, at most <paramref name="wait"/>. The confirmation, or null with why not.
    /// </summary>
    public async Task<(PillConfirmation? Confirmed, string Detail)> PoisonAsync(string victim, string pillId, long epoch, TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pill = new PoisonPill { Id = pillId, Epoch = epoch, By = node, At = time.GetUtcNow() };
        try
        {
            await OffThreadAsync(() => SlotFiles.Write(SlotFiles.PillPath(directory, victim), node, pill), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            return (null, $"the pill could not be written to the shared storage ({e.Message})");
        }

        LogPillWritten(logger, node, victim, epoch);
        string? lastRead = null;
        while (time.GetElapsedTime(started) < wait)
        {
            try
            {
                var slot = await OffThreadAsync(() => SlotFiles.Read<DiskSlot>(SlotFiles.SlotPath(directory, victim)), cancellationToken).ConfigureAwait(false);
                if (slot?.Confirmed is { } confirmed && confirmed.PillId == pillId)
                {
                    return (confirmed, $"{victim} confirmed the poison pill through the shared storage at {confirmed.At:HH:mm:ss.fff} (stopped {string.Join(", ", confirmed.Stopped)})");
                }

                lastRead = slot is null ? $"{victim} has no slot" : $"{victim}'s slot last written at {slot.WrittenAt:HH:mm:ss.fff}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidDataException)
            {
                lastRead = $"its slot could not be read ({e.Message})";
            }

            await Task.Delay(ConfirmPoll, time, cancellationToken).ConfigureAwait(false);
        }

        return (null, $"{victim} did not confirm the poison pill within {wait.TotalSeconds:0.#} s ({lastRead ?? "no read finished"})");
    }

    /// <summary>
    /// Stops the loop. The token source is left to the loop's thread to dispose: a round stuck in a hung mount returns
    /// whenever the mount does, and must find its token usable (a disposed one threw on that thread and ended the agent).
    /// </summary>
    public void Dispose()
    {
        CancelQuietly();
        _fencing.Dispose();
    }

    private void CancelQuietly()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop has already ended and let its token source go.
        }
    }

    private void Run()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var began = time.GetTimestamp();
                Round(token);
                var rest = interval - time.GetElapsedTime(began);
                if (rest > TimeSpan.Zero && token.WaitHandle.WaitOne(rest))
                {
                    break;
                }
            }
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    private void Round(CancellationToken token)
    {
        try
        {
            if (SlotFiles.Read<PoisonPill>(SlotFiles.PillPath(directory, node)) is { } pill && IsNew(pill))
            {
                LogPillRead(logger, node, pill.By, pill.Epoch);
                // Blocking here is fine: this thread does nothing else, and the slot is written right after with the answer.
                if (obey(pill, token).GetAwaiter().GetResult() is { } confirmation)
                {
                    lock (_lock)
                    {
                        _confirmed = confirmation;
                    }
                }
            }

            PillConfirmation? confirmed;
            lock (_lock)
            {
                confirmed = _confirmed;
            }

            SlotFiles.Write(SlotFiles.SlotPath(directory, node), node, new DiskSlot
            {
                Node = node, WrittenAt = time.GetUtcNow(), Sequence = ++_sequence, Epoch = highestEpoch(), LeaseHeld = leaseHeld(), Confirmed = confirmed,
            });
            Interlocked.Exchange(ref _lastWritten, time.GetTimestamp());
            SetError(null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            SetError(e.Message);
        }
    }

    /// <summary>A pill not obeyed yet, for this node's epoch or a later one (a pill from before a later hand-over is stale).</summary>
    private bool IsNew(PoisonPill pill)
    {
        lock (_lock)
        {
            return pill.Id.Length > 0 && pill.Id != _confirmed?.PillId && pill.Epoch >= highestEpoch();
        }
    }

    private void SetError(string? error)
    {
        string? before;
        lock (_lock)
        {
            before = _lastError;
            _lastError = error;
        }

        if (error is not null && before is null)
        {
            LogStorageFailed(logger, node, directory, error);
        }
        else if (error is null && before is not null)
        {
            LogStorageBack(logger, node, directory);
        }
    }

    /// <summary>
    /// Runs the fencing side's blocking file I/O on its own runner thread, bounded by the I/O timeout: a hung mount keeps
    /// that one thread, and later calls are refused at once instead of piling up threads behind it.
    /// </summary>
    private async Task<T> OffThreadAsync<T>(Func<T> io, CancellationToken cancellationToken)
    {
        var result = await _fencing.RunAsync(io, ioTimeout, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case BlockingCallOutcome.Completed:
                return result.Value!;
            case BlockingCallOutcome.Faulted:
                ExceptionDispatchInfo.Throw(result.Error!);
                throw result.Error!;
            case BlockingCallOutcome.TimedOut:
                throw new TimeoutException($"the shared storage did not answer within {ioTimeout.TotalSeconds:0.#} s");
            default:
                throw new TimeoutException($"an earlier call to the shared storage has been stuck for {result.Elapsed.TotalSeconds:0.#} s");
        }
    }

    private Task OffThreadAsync(Action io, CancellationToken cancellationToken) => OffThreadAsync(() => { io(); return true; }, cancellationToken);

    [LoggerMessage(EventId = 190, Level = LogLevel.Warning, Message = "Node {Node}: poison pill from {By} (epoch {Epoch}) read in the disk-heartbeat slot: stopping the active/passive services")]
    private static partial void LogPillRead(ILogger logger, string node, string by, long epoch);

    [LoggerMessage(EventId = 191, Level = LogLevel.Warning, Message = "Node {Node}: poison pill written for {Victim} (epoch {Epoch}); waiting for its confirmation in its slot")]
    private static partial void LogPillWritten(ILogger logger, string node, string victim, long epoch);

    [LoggerMessage(EventId = 192, Level = LogLevel.Error, Message = "Node {Node}: disk heartbeat in {Directory} failing: {Error}")]
    private static partial void LogStorageFailed(ILogger logger, string node, string directory, string error);

    [LoggerMessage(EventId = 193, Level = LogLevel.Information, Message = "Node {Node}: disk heartbeat in {Directory} working again")]
    private static partial void LogStorageBack(ILogger logger, string node, string directory);
}
