using System.Globalization;
using SharesConsole.Agent.Native;

namespace SharesConsole.Agent.Epochs;

/// <summary>
/// The highest cluster epoch this node has seen, kept in <c>epoch</c> under the state directory.
/// Written atomically (temp file, fsync, rename, fsync of the directory) so a crash never loses it.
/// </summary>
public sealed class EpochStore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _directory;
    private long _highest;
    private long _highestTerm;

    private EpochStore(string directory, long highest, long maxJump)
    {
        _directory = directory;
        _highest = highest;
        MaxJump = maxJump;
    }

    /// <summary>The largest step up accepted at once (<see cref="EpochRule"/>).</summary>
    public long MaxJump { get; }

    public long Highest => Interlocked.Read(ref _highest);

    /// <summary>The highest control-plane leader term seen (in memory: a new leader's term is always above an old one's).</summary>
    public long HighestTerm => Interlocked.Read(ref _highestTerm);

    /// <summary>
    /// Accepts a command or ack of <paramref name="term"/> when it is not below the highest term seen, and remembers it.
    /// Term 0 (a single control plane) is accepted only while no leader term was ever seen.
    /// </summary>
    public (bool Accepted, long Highest) ObserveTerm(long term)
    {
        while (true)
        {
            var highest = HighestTerm;
            if (term < highest)
            {
                return (false, highest);
            }

            if (term == highest || Interlocked.CompareExchange(ref _highestTerm, term, highest) == highest)
            {
                return (true, term);
            }
        }
    }

    public string FilePath => Path.Combine(_directory, "epoch");

    /// <summary>Reads the stored epoch (0 when none). A corrupt file is an error, never silently reset.</summary>
    public static EpochStore Open(string directory, long maxJump = long.MaxValue)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "epoch");
        if (!File.Exists(path))
        {
            return new EpochStore(directory, 0, maxJump);
        }

        var text = File.ReadAllText(path).Trim();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            throw new InvalidDataException($"The epoch file {path} is corrupt ('{text}'); fix or remove it deliberately.");
        }

        return new EpochStore(directory, epoch, maxJump);
    }

    /// <summary>Accepts an epoch not lower than the highest seen and not more than <see cref="MaxJump"/> above it, persisting it when it is higher.</summary>
    public async Task<(bool Accepted, long Highest)> ObserveAsync(long epoch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var highest = Highest;
            var (accepted, after) = EpochRule.Observe(highest, epoch, MaxJump);
            if (accepted && after > highest)
            {
                await WriteAsync(after, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _highest, after);
            }

            return (accepted, after);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task WriteAsync(long epoch, CancellationToken cancellationToken)
    {
        var temp = FilePath + ".tmp";
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(epoch.ToString(CultureInfo.InvariantCulture));
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
        Libc.SyncDirectory(_directory);
    }
}
