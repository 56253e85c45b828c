using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Api;

namespace SharesConsole.Web.Edges;

/// <summary>
/// Feeds the Edges page. The live part comes from the in-memory <see cref="EdgeRegistry"/> every <see cref="Tick"/> (ages
/// move) and at every connect or disconnect; the enrolled list is read from the database only then, after a change
/// made here, or every <see cref="EnrolledRefresh"/> (another control plane's changes), never once a second.
/// </summary>
public sealed class EdgeBoardSource(EdgeRegistry registry, IEdgeDirectory directory, EdgeConfigPublisher config, TimeProvider time)
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan EnrolledRefresh = TimeSpan.FromSeconds(10);

    /// <summary>The edges seen since this control plane started, from memory only (no enrolled list): for <c>/metrics</c>.</summary>
    public EdgeBoard Live()
    {
        var wanted = config.Current.Version;
        return new EdgeBoard(time.GetUtcNow(), wanted, EdgeDto.Merge([], registry.Snapshot(), wanted));
    }

    public async IAsyncEnumerable<EdgeBoard> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One pending wake-up is enough: each board is built from the latest state, so extra ticks carry nothing.
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        var changed = 1;
        void OnChanged(object? sender, EventArgs e)
        {
            Interlocked.Exchange(ref changed, 1);
            wake.Writer.TryWrite(true);
        }

        registry.Changed += OnChanged;
        directory.Changed += OnChanged;
        try
        {
            using var timer = time.CreateTimer(_ => wake.Writer.TryWrite(false), null, Tick, Tick);
            IReadOnlyList<EdgeRecord> enrolled = [];
            string? error = null;
            var readAt = DateTimeOffset.MinValue;
            while (true)
            {
                var now = time.GetUtcNow();
                if (Interlocked.Exchange(ref changed, 0) == 1 || now - readAt >= EnrolledRefresh)
                {
                    readAt = now;
                    (enrolled, error) = await ReadEnrolledAsync(enrolled, cancellationToken).ConfigureAwait(false);
                }

                yield return new EdgeBoard(now, config.Current.Version, EdgeDto.Merge(enrolled, registry.Snapshot(), config.Current.Version), error);
                await wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            registry.Changed -= OnChanged;
            directory.Changed -= OnChanged;
        }
    }

    /// <summary>A database that does not answer keeps the last list on the page, with the reason, rather than ending the feed.</summary>
    private async Task<(IReadOnlyList<EdgeRecord>, string?)> ReadEnrolledAsync(IReadOnlyList<EdgeRecord> last, CancellationToken cancellationToken)
    {
        try
        {
            return (await directory.ListAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (last, $"The list of enrolled edges could not be read: {ex.Message}");
        }
    }
}
