namespace SharesConsole.Edge.Web.Http1;

/// <summary>Appends to a span sized by the caller for the whole head.</summary>
internal ref struct HeadWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Written { get; private set; }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Written..]);
        Written += bytes.Length;
    }
}
