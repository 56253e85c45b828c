using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SharesConsole.ControlPlane.Leadership;

namespace SharesConsole.Web.Leadership;

/// <summary>
/// Feeds the console's Control plane card. Every open page asks once a second, but the database is read at most once every
/// <see cref="ReadInterval"/> for all of them together (one reading at a time, shared by every caller); in between, ages and
/// the lease's remaining time are moved on by the clock. A single instance never reads the database.
/// </summary>
public sealed class LeadershipBoard(ILeadership leadership, IControlPlaneRoster roster, TimeProvider time)
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(2);

    /// <summary>Instances silent for longer are no longer listed: long enough to see what a leader change left behind.</summary>
    public static readonly TimeSpan ListedFor = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<Reading>? _reading;
    private DateTimeOffset _readStarted;

    /// <summary>The status now, from the cached reading unless it is <see cref="ReadInterval"/> old.</summary>
    public async Task<ControlPlaneStatus> GetAsync(CancellationToken cancellationToken)
    {
        if (leadership.SingleInstance)
        {
            return new ControlPlaneStatus { At = time.GetUtcNow(), SingleInstance = true, InstanceName = leadership.InstanceName, LeaderName = leadership.InstanceName };
        }

        Task<Reading> reading;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_reading is null || (_reading.IsCompleted && now - _readStarted >= ReadInterval))
            {
                _readStarted = now;
                _reading = ReadAsync(_reading is { IsCompletedSuccessfully: true } last ? last.Result : null);
            }

            reading = _reading;
        }

        return Compose(await reading.WaitAsync(cancellationToken).ConfigureAwait(false), time.GetUtcNow());
    }

    /// <summary>The status at once and then every <see cref="Tick"/>; for a single instance only once (nothing moves).</summary>
    public async IAsyncEnumerable<ControlPlaneStatus> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (leadership.SingleInstance)
        {
            yield return await GetAsync(cancellationToken).ConfigureAwait(false);
            yield break;
        }

        // One pending tick is enough: each status is built from the latest reading.
        var tick = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        using var timer = time.CreateTimer(_ => tick.Writer.TryWrite(true), null, Tick, Tick);
        while (true)
        {
            yield return await GetAsync(cancellationToken).ConfigureAwait(false);
            await tick.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Never fails: a database that does not answer keeps the last reading, with the reason.</summary>
    private async Task<Reading> ReadAsync(Reading? last)
    {
        // Shared by every caller, so no caller's token ends it; the timeout does.
        using var timeout = new CancellationTokenSource(ReadTimeout, time);
        try
        {
            var roll = await roster.ReadAsync(ListedFor, timeout.Token).ConfigureAwait(false);
            return new Reading(time.GetUtcNow(), roll, null);
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {ReadTimeout.TotalSeconds:0} s" : ex.Message;
            return (last ?? new Reading(null, new ControlPlaneRoll(null, []), null)) with { Error = reason };
        }
    }

    private ControlPlaneStatus Compose(Reading reading, DateTimeOffset now)
    {
        var elapsed = reading.At is { } at && now > at ? now - at : TimeSpan.Zero;
        var lease = reading.Roll.Lease;
        var leading = leadership.IsLeader && (lease is null || lease.Holder == leadership.InstanceName);
        return new ControlPlaneStatus
        {
            At = now,
            SingleInstance = false,
            InstanceName = leadership.InstanceName,
            LeaderName = lease?.Holder ?? leadership.LeaderName,
            Term = lease?.Term ?? leadership.Term,
            LeaderSince = leading ? leadership.LeaderSince : null,
            LeaseRemaining = lease?.Remaining - elapsed,
            Instances = [.. reading.Roll.Instances.Select(i => i with { Age = i.Age + elapsed })],
            ReadAt = reading.At,
            Error = reading.Error,
        };
    }

    private sealed record Reading(DateTimeOffset? At, ControlPlaneRoll Roll, string? Error);
}
