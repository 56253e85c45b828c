using System.Buffers.Binary;

namespace SharesConsole.Edge.Dns.Protocol;

/// <summary>Writes big-endian fields into a fixed span; once a write does not fit, <see cref="Overflowed"/> stays set and further writes are ignored.</summary>
internal ref struct DnsWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    public bool Overflowed { get; private set; }

    public readonly Span<byte> Written => _buffer[..Position];

    public void WriteUInt16(ushort value)
    {
        if (Reserve(2) is { IsEmpty: false } span)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Reserve(4) is { IsEmpty: false } span)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        if (Reserve(bytes.Length) is { IsEmpty: false } span)
        {
            bytes.CopyTo(span);
        }
    }

    /// <summary>A compression pointer to an earlier name at <paramref name="offset"/>.</summary>
    public void WritePointer(int offset) => WriteUInt16((ushort)(0xC000 | offset));

    /// <summary>Overwrites a 16-bit field written earlier (counts, RDLENGTH).</summary>
    public readonly void Patch(int offset, ushort value)
    {
        if (!Overflowed && offset + 2 <= Position)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);
        }
    }

    public void Rewind(int position)
    {
        Position = Math.Min(position, Position);
        Overflowed = false;
    }

    private Span<byte> Reserve(int count)
    {
        if (Overflowed || count == 0 || Position + count > _buffer.Length)
        {
            Overflowed |= count != 0;
            return default;
        }

        var span = _buffer.Slice(Position, count);
        Position += count;
        return span;
    }
}
