using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>Per-minute traffic counters per node and protocol, with retention.</summary>
public sealed class TrafficStore(IDbContextFactory<SharesDbContext> factory)
{
    /// <summary>
    /// Writes each sample as the value of its (node, protocol, minute): a repeated or later write of the same minute
    /// replaces the row, so writing the same batch twice leaves one row each.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyCollection<TrafficSample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var latest = new Dictionary<(string, string, DateTimeOffset), TrafficSample>();
        foreach (var sample in samples)
        {
            Validate(sample);
            // Names compare case-insensitively in the database (unique index), so they do here too.
            latest[(sample.Node.ToUpperInvariant(), sample.Protocol.ToUpperInvariant(), TrafficSample.TruncateToMinute(sample.Minute))] = sample;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(latest.Values, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 3 && DbErrors.IsUniqueViolation(ex))
            {
                // A concurrent writer inserted one of the minutes first; the retry updates that row instead.
            }
        }
    }

    /// <summary>Samples with <paramref name="from"/> &lt;= minute &lt; <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<TrafficSample>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? node, string? protocol, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.TrafficSamples.AsNoTracking().Where(t => t.Minute >= from && t.Minute < to);
        if (node is not null)
        {
            rows = rows.Where(t => t.Node == node);
        }

        if (protocol is not null)
        {
            rows = rows.Where(t => t.Protocol == protocol);
        }

        var list = await rows.OrderBy(t => t.Minute).ThenBy(t => t.Node).ThenBy(t => t.Protocol).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(TrafficMapping.ToSample)];
    }

    /// <summary>Deletes samples older than <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.TrafficSamples.Where(t => t.Minute < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(IEnumerable<TrafficSample> samples, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sample in samples)
        {
            var minute = TrafficSample.TruncateToMinute(sample.Minute);
            var row = await db.TrafficSamples
                .SingleOrDefaultAsync(t => t.Node == sample.Node && t.Protocol == sample.Protocol && t.Minute == minute, cancellationToken)
                .ConfigureAwait(false);
            if (row is null)
            {
                row = new TrafficSampleEntity();
                db.TrafficSamples.Add(row);
            }

            TrafficMapping.Apply(sample, row);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(TrafficSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (string.IsNullOrWhiteSpace(sample.Node) || string.IsNullOrWhiteSpace(sample.Protocol))
        {
            throw new ArgumentException("A traffic sample needs a node and a protocol.", nameof(sample));
        }

        if (sample.Node.Length > 64 || sample.Protocol.Length > 32)
        {
            throw new ArgumentException($"Traffic sample node '{sample.Node}' or protocol '{sample.Protocol}' is too long (64/32 characters).", nameof(sample));
        }
    }
}
