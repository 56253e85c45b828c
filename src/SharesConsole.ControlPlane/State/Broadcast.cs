using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Fans values out to any number of readers, each through its own bounded channel, so a slow
/// reader (a stalled browser circuit) drops its oldest items and never slows the producer.
/// </summary>
public sealed class Broadcast<T>(int capacity)
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _readers = [];

    public int ReaderCount
    {
        get
        {
            lock (_gate)
            {
                return _readers.Count;
            }
        }
    }

    public void Publish(T value)
    {
        lock (_gate)
        {
            foreach (var reader in _readers)
            {
                reader.Writer.TryWrite(value);
            }
        }
    }

    /// <summary>Yields <paramref name="first"/> (if any) and then every published value until cancelled.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync(Func<T?>? first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        lock (_gate)
        {
            _readers.Add(channel);
            if (first?.Invoke() is { } initial)
            {
                channel.Writer.TryWrite(initial);
            }
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var value))
                {
                    yield return value;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers.Remove(channel);
            }
        }
    }
}
