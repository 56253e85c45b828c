using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Leadership;

/// <summary>
/// Takes and renews the leader lease every <see cref="LeadershipOptions.RenewInterval"/>. The lease counts from the moment
/// the renewal was sent, on the monotonic clock, minus <see cref="LeadershipOptions.Margin"/>: the database can only have
/// expired it later, so this instance stops commanding before anyone else can take over. An instance that loses the lease
/// stops its process (the service manager starts it again as a follower): nothing it started as leader keeps running.
/// </summary>
public sealed partial class LeaderElection(
    LeaderLeaseStore store,
    IOptions<LeadershipOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LeaderElection> logger) : BackgroundService, ILeadership
{
    private readonly LeadershipOptions _options = options.Value;
    private readonly TaskCompletionSource _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _term;
    private long _validUntil;   // monotonic timestamp
    private volatile bool _lost;

    public bool SingleInstance => false;

    public bool IsLeader => !_lost && Volatile.Read(ref _term) > 0 && time.GetTimestamp() < Volatile.Read(ref _validUntil);

    public long Term => Volatile.Read(ref _term);

    public LeaderFence? Fence => Term > 0 ? new LeaderFence(_options.InstanceName, Term) : null;

    public string InstanceName => _options.InstanceName;

    public string? LeaderUrl { get; private set; }

    public string? LeaderName { get; private set; }

    public DateTimeOffset? LeaderSince { get; private set; }

    public Task Acquired => _acquired.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, _options.InstanceName, _options.Lease.TotalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = time.GetTimestamp();
                await TryOnceAsync(stoppingToken).ConfigureAwait(false);
                if (_lost)
                {
                    return;
                }

                // A follower tries again just after the lease it saw runs out, so a dead leader is replaced within the
                // lease; the leader renews every interval.
                var next = Term == 0 && _seenRemaining is { } remaining && remaining < _options.RenewInterval
                    ? TimeSpan.FromMilliseconds(Math.Max(20, remaining.TotalMilliseconds + 20))
                    : _options.RenewInterval;
                var wait = next - time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan? _seenRemaining;

    /// <summary>One round: renew or take the lease, read who leads, announce this instance (public for tests).</summary>
    public async Task TryOnceAsync(CancellationToken cancellationToken)
    {
        var held = Term;
        var sent = time.GetTimestamp();
        try
        {
            var term = await store.TryAcquireOrRenewAsync(_options.InstanceName, _options.AdvertisedUrl, held, _options.Lease, cancellationToken).ConfigureAwait(false);
            if (term is { } granted)
            {
                var lifetimeTicks = (long)((_options.Lease - _options.Margin).TotalSeconds * time.TimestampFrequency);
                Volatile.Write(ref _validUntil, sent + lifetimeTicks);
                if (held != 0 && granted != held)
                {
                    // The lease expired in the database meanwhile (this instance was paused or cut off) and was taken again.
                    Lose($"the lease expired in the database while this instance held term {held}");
                    return;
                }

                Volatile.Write(ref _term, granted);
                LeaderName = _options.InstanceName;
                LeaderUrl = _options.AdvertisedUrl;
                if (held == 0)
                {
                    LeaderSince = time.GetUtcNow();
                    LogLeading(logger, _options.InstanceName, granted);
                    _acquired.TrySetResult();
                }
            }
            else if (held != 0)
            {
                Lose("another instance holds the lease");
                return;
            }
            else
            {
                var lease = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (lease?.Holder != LeaderName && lease is not null)
                {
                    LogFollowing(logger, _options.InstanceName, lease.Holder, lease.Term, lease.Url);
                }

                LeaderName = lease?.Holder;
                LeaderUrl = lease?.Url;
                _seenRemaining = lease?.Remaining;
            }

            await store.AnnounceAsync(_options.InstanceName, _options.AdvertisedUrl, Term > 0 ? "Leader" : "Follower", Term, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (held != 0 && time.GetTimestamp() >= Volatile.Read(ref _validUntil))
            {
                Lose($"the lease could not be renewed before it ran out: {ex.Message}");
            }
            else
            {
                LogRoundFailed(logger, ex.Message);
            }
        }
    }

    private void Lose(string reason)
    {
        _lost = true;
        LogLost(logger, _options.InstanceName, Term, reason);
        Environment.ExitCode = 3;
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Fence is { } fence && !_lost)
        {
            // A clean stop hands over at once instead of after the lease.
            _lost = true;
            try
            {
                await store.ReleaseAsync(fence, cancellationToken).ConfigureAwait(false);
                LogReleased(logger, _options.InstanceName, fence.Term);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 6300, Level = LogLevel.Information, Message = "Control plane {Instance} takes part in the leader election (lease {Lease} s)")]
    private static partial void LogStarted(ILogger logger, string instance, double lease);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Control plane {Instance} is the leader now, term {Term}")]
    private static partial void LogLeading(ILogger logger, string instance, long term);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "Control plane {Instance} follows {Leader} (term {Term}, {Url})")]
    private static partial void LogFollowing(ILogger logger, string instance, string leader, long term, string url);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Critical, Message = "Control plane {Instance} lost the leadership of term {Term}: {Reason}; it stops commanding and exits so it restarts as a follower")]
    private static partial void LogLost(ILogger logger, string instance, long term, string reason);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "Leader election round failed: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information, Message = "Control plane {Instance} released the lease of term {Term} on its way out")]
    private static partial void LogReleased(ILogger logger, string instance, long term);
}
