using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>How a body copy ended.</summary>
internal enum CopyResult
{
    Done,

    /// <summary>The sending side closed or broke off before the body's end.</summary>
    SourceEnded,

    /// <summary>The receiving side is gone.</summary>
    SinkClosed,

    /// <summary>Chunked framing that is not HTTP.</summary>
    Malformed,
}

/// <summary>
/// Streams a body from one side to the other as it arrives, never whole: a Content-Length body byte for byte, a chunked
/// body verbatim (its framing checked to find the end), or everything until the sender closes.
/// </summary>
internal static class BodyCopier
{
    private const int MaxChunkLine = 4096;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(CopyResult Result, long Bytes)> CopyLengthAsync(PipeReader source, BodySink sink, long length, CancellationToken cancellationToken)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var read = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.IsEmpty)
            {
                source.AdvanceTo(buffer.Start);
                return (CopyResult.SourceEnded, length - remaining);
            }

            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            sink.Write(take);
            remaining -= take.Length;
            source.AdvanceTo(take.End);
            if (!await sink.FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return (CopyResult.SinkClosed, length - remaining);
            }
        }

        return (CopyResult.Done, length);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(CopyResult Result, long Bytes)> CopyUntilCloseAsync(PipeReader source, BodySink sink, CancellationToken cancellationToken)
    {
        long bytes = 0;
        while (true)
        {
            var read = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            sink.Write(buffer);
            bytes += buffer.Length;
            source.AdvanceTo(buffer.End);
            if (!await sink.FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return (CopyResult.SinkClosed, bytes);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                return (CopyResult.Done, bytes);
            }
        }
    }

    /// <summary>Copies a chunked body verbatim; Bytes counts the data, not the framing.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(CopyResult Result, long Bytes)> CopyChunkedAsync(PipeReader source, BodySink sink, CancellationToken cancellationToken)
    {
        var state = new ChunkState();
        while (true)
        {
            var read = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var step = state.Advance(buffer, sink, out var consumed);
            source.AdvanceTo(consumed, buffer.End);
            if (step == ChunkStep.Malformed)
            {
                return (CopyResult.Malformed, state.Data);
            }

            if (!await sink.FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return (CopyResult.SinkClosed, state.Data);
            }

            if (step == ChunkStep.Done)
            {
                return (CopyResult.Done, state.Data);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                return (CopyResult.SourceEnded, state.Data);
            }
        }
    }

    private enum ChunkStep
    {
        More,
        Done,
        Malformed,
    }

    private enum ChunkPart
    {
        Size,
        Data,
        DataEnd,
        Trailer,
    }

    private sealed class ChunkState
    {
        private ChunkPart _part = ChunkPart.Size;
        private long _remaining;

        public long Data { get; private set; }

        public ChunkStep Advance(ReadOnlySequence<byte> buffer, BodySink sink, out SequencePosition consumed)
        {
            var reader = new SequenceReader<byte>(buffer);
            try
            {
                while (true)
                {
                    switch (_part)
                    {
                        case ChunkPart.Size or ChunkPart.Trailer:
                            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, HttpSyntax.CrLf))
                            {
                                return reader.Remaining > MaxChunkLine ? ChunkStep.Malformed : ChunkStep.More;
                            }

                            if (line.Length > MaxChunkLine || line.PositionOf((byte)'\n') is not null)
                            {
                                return ChunkStep.Malformed;
                            }

                            sink.Write(line);
                            sink.Write(HttpSyntax.CrLf);
                            if (_part == ChunkPart.Trailer)
                            {
                                if (line.IsEmpty)
                                {
                                    return ChunkStep.Done;
                                }

                                break;
                            }

                            if (!TryChunkSize(line, out _remaining))
                            {
                                return ChunkStep.Malformed;
                            }

                            _part = _remaining == 0 ? ChunkPart.Trailer : ChunkPart.Data;
                            break;
                        case ChunkPart.Data:
                            if (reader.End)
                            {
                                return ChunkStep.More;
                            }

                            var take = reader.UnreadSequence.Slice(0, Math.Min(_remaining, reader.Remaining));
                            sink.Write(take);
                            reader.Advance(take.Length);
                            _remaining -= take.Length;
                            Data += take.Length;
                            if (_remaining == 0)
                            {
                                _part = ChunkPart.DataEnd;
                            }

                            break;
                        default:
                            if (reader.Remaining < 2)
                            {
                                return ChunkStep.More;
                            }

                            if (!reader.IsNext(HttpSyntax.CrLf, advancePast: true))
                            {
                                return ChunkStep.Malformed;
                            }

                            sink.Write(HttpSyntax.CrLf);
                            _part = ChunkPart.Size;
                            break;
                    }
                }
            }
            finally
            {
                consumed = reader.Position;
            }
        }

        private static bool TryChunkSize(in ReadOnlySequence<byte> line, out long size)
        {
            size = 0;
            Span<byte> text = stackalloc byte[MaxChunkLine];
            line.CopyTo(text);
            var span = text[..(int)line.Length];
            var end = span.IndexOfAnyExcept("0123456789abcdefABCDEF"u8);
            var digits = end < 0 ? span : span[..end];
            var after = end < 0 ? [] : span[end..].TrimStart(" \t"u8);
            if (digits.Length is 0 or > 15 || (!after.IsEmpty && after[0] != (byte)';') || after.ContainsAny(HttpSyntax.NotInValue))
            {
                return false;
            }

            return long.TryParse(Encoding.ASCII.GetString(digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out size);
        }
    }
}
