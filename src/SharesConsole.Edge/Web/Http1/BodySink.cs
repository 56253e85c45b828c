using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>Where a body goes: written in pieces, sent on flush (one send per read from the other side).</summary>
internal abstract class BodySink
{
    public abstract void Write(ReadOnlySpan<byte> data);

    public void Write(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            Write(segment.Span);
        }
    }

    /// <summary>False when the other side is gone.</summary>
    public abstract ValueTask<bool> FlushAsync(CancellationToken cancellationToken);
}

/// <summary>The client's side: Kestrel's transport pipe.</summary>
internal sealed class PipeSink(PipeWriter writer) : BodySink
{
    public override void Write(ReadOnlySpan<byte> data) => writer.Write(data);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}

/// <summary>A node's side: its socket or TLS stream, with a pooled buffer that gathers the pieces of one flush.</summary>
internal sealed class StreamSink(Stream stream) : BodySink, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _count;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + data.Length));
            _buffer.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return true;
        }

        var count = _count;
        _count = 0;
        try
        {
            await stream.WriteAsync(_buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
