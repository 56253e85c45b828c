using System.Buffers.Binary;
using System.Text;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>Builds query packets by hand, independent of the production codec.</summary>
public static class TestQuery
{
    public const ushort A = 1, Ns = 2, Soa = 6, Mx = 15, Txt = 16, Aaaa = 28, Opt = 41, Axfr = 252, Any = 255;

    public static byte[] Build(string name, ushort type, ushort id = 0x1234, int? ednsSize = null, ushort flags = 0x0100,
        ushort qclass = 1, byte ednsVersion = 0)
    {
        var packet = new List<byte>();
        void U16(int v) => packet.AddRange([(byte)(v >> 8), (byte)v]);
        U16(id);
        U16(flags);
        U16(1);
        U16(0);
        U16(0);
        U16(ednsSize is null ? 0 : 1);
        packet.AddRange(EncodeName(name));
        U16(type);
        U16(qclass);
        if (ednsSize is int size)
        {
            packet.Add(0);
            U16(Opt);
            U16(size);
            packet.AddRange([0, ednsVersion, 0, 0]);
            U16(0);
        }

        return [.. packet];
    }

    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static ushort ReadId(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet);
}
