namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// Runs operations in this process, never through the Hangfire queue: a failover starts the moment it is decided,
/// whatever the job storage is doing. A run that fails unexpectedly (a busy database, say) is retried from its
/// recorded step after a short backoff. At shutdown every run is cancelled and awaited; an interrupted operation
/// stays live in the database and resumes from its recorded step on the next start.
/// </summary>
public sealed partial class OperationCoordinator(
    IServiceProvider services,
    TimeProvider time,
    ILogger<OperationCoordinator> logger) : IHostedService
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    // Never disposed: the host may stop this service again after disposing it (WebApplicationFactory does).
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Task> _running = [];

    /// <summary>Operations being run now (tests and diagnostics).</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Starts running the operation unless it already runs here; false when refused (already running, or stopping).</summary>
    public bool Start(Guid operationId)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _running.ContainsKey(operationId))
            {
                return false;
            }

            _running[operationId] = Task.CompletedTask;
        }

        var run = Task.Run(() => RunAsync(operationId));
        lock (_gate)
        {
            // The run may already have ended and removed itself; then there is nothing left to track.
            if (_running.ContainsKey(operationId))
            {
                _running[operationId] = run;
            }
        }

        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] runs;
        lock (_gate)
        {
            _stopping.Cancel();
            runs = [.. _running.Values];
        }

        try
        {
            // Bounded on its own: an interrupted operation resumes from its recorded step on the next start, so it
            // must not take the stop budget the other components need.
            await Task.WhenAll(runs).WaitAsync(StopWait, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogShutdownTimedOut(logger, runs.Length);
        }
    }

    private async Task RunAsync(Guid operationId)
    {
        var token = _stopping.Token;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await services.GetRequiredService<IOperationRunner>().RunAsync(operationId, token);
                    return;
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    var wait = Backoff[Math.Min(attempt, Backoff.Length - 1)];
                    LogRunFailed(logger, operationId, attempt + 1, wait.TotalSeconds, ex);
                    await Task.Delay(wait, time, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            LogInterrupted(logger, operationId);
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(operationId);
            }
        }
    }

    [LoggerMessage(EventId = 6070, Level = LogLevel.Error, Message = "Operation {Id}: run {Attempt} failed; it resumes from its recorded step in {Seconds} s")]
    private static partial void LogRunFailed(ILogger logger, Guid id, int attempt, double seconds, Exception exception);

    [LoggerMessage(EventId = 6071, Level = LogLevel.Warning, Message = "Operation {Id} interrupted by shutdown; it resumes from its recorded step on the next start")]
    private static partial void LogInterrupted(ILogger logger, Guid id);

    [LoggerMessage(EventId = 6072, Level = LogLevel.Warning, Message = "{Count} operation(s) still running 5 s into the shutdown; they resume from their recorded step on the next start")]
    private static partial void LogShutdownTimedOut(ILogger logger, int count);
}
