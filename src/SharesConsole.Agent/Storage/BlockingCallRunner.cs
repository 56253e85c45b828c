namespace SharesConsole.Agent.Storage;

/// <summary>
/// Runs blocking file-system calls on one dedicated thread, each with a timeout. A call stuck in the kernel (a hung
/// mount) cannot be cancelled: its caller gets <see cref="BlockingCallOutcome.TimedOut"/>, and until the stuck call
/// returns every further call is answered <see cref="BlockingCallOutcome.StillRunning"/> at once without starting, so
/// hung calls never pile up and no caller (heartbeats, commands, the lease watchdog) ever waits on the mount.
/// One runner per independent writer (the storage probe; a disk-heartbeat slot writer gets its own).
/// </summary>
public sealed class BlockingCallRunner : IDisposable
{
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _signal = new(0);
    private Action? _next;
    private int _busy;
    private long _busySince;
    private volatile bool _disposed;

    public BlockingCallRunner(string threadName, TimeProvider timeProvider)
    {
        _time = timeProvider;
        new Thread(Run) { IsBackground = true, Name = threadName }.Start();
    }

    /// <summary>True while a call runs (or hangs) on the thread.</summary>
    public bool IsBusy => Volatile.Read(ref _busy) == 1;

    /// <summary>Runs <paramref name="call"/> on the thread unless an earlier call is still there; waits at most <paramref name="timeout"/>.</summary>
    public async Task<BlockingCallResult<T>> RunAsync<T>(Func<T> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return BlockingCallResult<T>.StillRunning(_time.GetElapsedTime(Interlocked.Read(ref _busySince)));
        }

        Interlocked.Exchange(ref _busySince, _time.GetTimestamp());
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _next, () =>
        {
            T value = default!;
            Exception? error = null;
            try
            {
                value = call();
            }
            catch (Exception e)
            {
                error = e;
            }

            // Free before completing: a caller that goes on at once must find the thread available.
            Volatile.Write(ref _busy, 0);
            if (error is null)
            {
                done.SetResult(value);
            }
            else
            {
                done.SetException(error);
            }
        });
        _signal.Release();
        try
        {
            return BlockingCallResult<T>.Completed(await done.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            return BlockingCallResult<T>.TimedOut(timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return BlockingCallResult<T>.Faulted(e);
        }
    }

    /// <summary>Ends the thread after its current call; a call stuck for good keeps its (background) thread.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _signal.Release();
    }

    private void Run()
    {
        while (true)
        {
            _signal.Wait();
            if (_disposed)
            {
                _signal.Dispose();
                return;
            }

            Interlocked.Exchange(ref _next, null)?.Invoke();
        }
    }
}
