using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>A reply parsed by a small test-only decoder (independent of the production codec).</summary>
public sealed record TestMessage
{
    public required ushort Id { get; init; }

    public required ushort Flags { get; init; }

    public required int Length { get; init; }

    public required IReadOnlyList<(string Name, ushort Type, ushort Class)> Questions { get; init; }

    public required IReadOnlyList<TestRecord> Answers { get; init; }

    public required IReadOnlyList<TestRecord> Authorities { get; init; }

    public required IReadOnlyList<TestRecord> Additionals { get; init; }

    public int RCode => Flags & 0xF;

    public bool IsResponse => (Flags & 0x8000) != 0;

    public bool Authoritative => (Flags & 0x0400) != 0;

    public bool Truncated => (Flags & 0x0200) != 0;

    public TestRecord? Opt => Additionals.FirstOrDefault(r => r.Type == TestQuery.Opt);

    public IReadOnlyList<IPAddress> Addresses =>
        [.. Answers.Where(r => r.Type is TestQuery.A or TestQuery.Aaaa).Select(r => new IPAddress(r.Data))];

    public static TestMessage Parse(ReadOnlySpan<byte> packet)
    {
        var bytes = packet.ToArray();
        var pos = 12;
        var counts = Enumerable.Range(0, 4).Select(i => (int)BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4 + 2 * i))).ToArray();
        var questions = new List<(string, ushort, ushort)>();
        for (var i = 0; i < counts[0]; i++)
        {
            var (name, _) = ReadName(bytes, ref pos);
            questions.Add((name, U16(bytes, pos), U16(bytes, pos + 2)));
            pos += 4;
        }

        List<TestRecord> Records(int count, ref int p)
        {
            var list = new List<TestRecord>();
            for (var i = 0; i < count; i++)
            {
                var (name, compressed) = ReadName(bytes, ref p);
                var length = U16(bytes, p + 8);
                list.Add(new TestRecord(name, U16(bytes, p), U16(bytes, p + 2), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(p + 4)),
                    bytes.AsSpan(p + 10, length).ToArray(), compressed, p + 10));
                p += 10 + length;
            }

            return list;
        }

        var answers = Records(counts[1], ref pos);
        var authorities = Records(counts[2], ref pos);
        var additionals = Records(counts[3], ref pos);
        if (pos != bytes.Length)
        {
            throw new InvalidDataException($"{bytes.Length - pos} trailing bytes after the last record");
        }

        return new TestMessage
        {
            Id = U16(bytes, 0),
            Flags = U16(bytes, 2),
            Length = bytes.Length,
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
    }

    /// <summary>Reads a name; the flag says whether it used a compression pointer.</summary>
    public static (string Name, bool Compressed) ReadName(byte[] bytes, ref int pos)
    {
        var text = new StringBuilder();
        var compressed = false;
        var p = pos;
        var end = -1;
        for (var hops = 0; hops < 64; hops++)
        {
            var len = bytes[p];
            if (len == 0)
            {
                pos = end >= 0 ? end : p + 1;
                return (text.Length == 0 ? "." : text.ToString(), compressed);
            }

            if ((len & 0xC0) == 0xC0)
            {
                compressed = true;
                end = end >= 0 ? end : p + 2;
                p = ((len & 0x3F) << 8) | bytes[p + 1];
                continue;
            }

            text.Append(Encoding.ASCII.GetString(bytes, p + 1, len)).Append('.');
            p += 1 + len;
        }

        throw new InvalidDataException("pointer loop");
    }

    private static ushort U16(byte[] bytes, int pos) => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(pos));
}

public sealed record TestRecord(string Name, ushort Type, ushort Class, uint Ttl, byte[] Data, bool CompressedName, int DataOffset);
