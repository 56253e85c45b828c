using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SharesConsole.Edge.Dns.Protocol;

/// <summary>Parses a query without allocating: every count and length is checked against the bytes that remain.</summary>
// Stack buffers are only read up to what was written into them; skipping zero-init saves ~800 bytes of stores per query.
[SkipLocalsInit]
internal static class DnsQueryParser
{
    public const int HeaderLength = 12;

    /// <summary>Smallest resource record: root name, type, class, TTL, RDLENGTH.</summary>
    private const int MinRecordLength = 11;

    /// <param name="name">At least <see cref="DnsName.MaxLength"/> bytes; receives the question name as sent.</param>
    public static DnsParseStatus Parse(ReadOnlySpan<byte> message, Span<byte> name, out DnsQuery query)
    {
        query = default;
        if (message.Length < HeaderLength)
        {
            return DnsParseStatus.Drop;
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        query = new DnsQuery { Id = BinaryPrimitives.ReadUInt16BigEndian(message), Flags = flags };
        if ((flags & DnsFlags.Response) != 0)
        {
            return DnsParseStatus.Drop;
        }

        if (query.Opcode != 0)
        {
            return DnsParseStatus.NotImplemented;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int additionals = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (questions != 1 || answers != 0 || authorities != 0)
        {
            return DnsParseStatus.FormatError;
        }

        if (!DnsName.TryRead(message, HeaderLength, name, out var nameLength, out var pos) || pos + 4 > message.Length)
        {
            return DnsParseStatus.FormatError;
        }

        query = query with
        {
            NameLength = nameLength,
            Type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]),
            Class = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]),
        };
        pos += 4;
        if (additionals > (message.Length - pos) / MinRecordLength)
        {
            return DnsParseStatus.FormatError;
        }

        Span<byte> scratch = stackalloc byte[DnsName.MaxLength];
        for (var i = 0; i < additionals; i++)
        {
            if (!DnsName.TryRead(message, pos, scratch, out var ownerLength, out pos) || pos + 10 > message.Length)
            {
                return DnsParseStatus.FormatError;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
            if (pos + 10 + rdLength > message.Length)
            {
                return DnsParseStatus.FormatError;
            }

            if (type == DnsType.Opt)
            {
                if (query.HasEdns || ownerLength != 1)
                {
                    return DnsParseStatus.FormatError;
                }

                var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(pos + 4)..]);
                query = query with
                {
                    HasEdns = true,
                    EdnsPayloadSize = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]),
                    EdnsVersion = (byte)(ttl >> 16),
                    DnssecOk = (ttl & 0x8000) != 0,
                };
            }

            pos += 10 + rdLength;
        }

        return DnsParseStatus.Ok;
    }
}
