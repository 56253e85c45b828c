using System.Net;
using System.Numerics;
using System.Net.Sockets;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>
/// The kernel's <c>jhash</c> (Bob Jenkins' lookup3 as in include/linux/jhash.h) and nftables' scaling of it to a
/// bucket, so the edge knows which bucket a client's flows use without asking the kernel.
/// </summary>
public static class Jhash
{
    /// <summary>Number of buckets: <c>jhash ip saddr mod 256</c>.</summary>
    public const int Buckets = 256;

    /// <summary>A fixed seed: without one nftables draws a random seed per rule and the edge could not predict buckets.</summary>
    public const uint Seed = 0x5CA1AB1E;

    public static uint Hash(ReadOnlySpan<byte> key, uint seed)
    {
        uint a, b, c;
        a = b = c = 0xDEADBEEF + (uint)key.Length + seed;
        var k = key;
        while (k.Length > 12)
        {
            a += Word(k);
            b += Word(k[4..]);
            c += Word(k[8..]);
            Mix(ref a, ref b, ref c);
            k = k[12..];
        }

        if (k.Length == 0)
        {
            return c;
        }

        // The kernel reads the tail byte by byte, little-endian, into a, b, c.
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        k.CopyTo(tail);
        a += Word(tail);
        b += Word(tail[4..]);
        c += Word(tail[8..]);
        Final(ref a, ref b, ref c);
        return c;
    }

    /// <summary>The bucket nftables' <c>jhash ip saddr mod 256 seed <see cref="Seed"/></c> gives an IPv4 source.</summary>
    public static int Bucket(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var v4 = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        if (v4.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{source} is not an IPv4 address.", nameof(source));
        }

        Span<byte> bytes = stackalloc byte[4];
        v4.TryWriteBytes(bytes, out _);
        // nft_jhash_eval: reciprocal_scale(hash, modulus) + offset.
        return (int)(((ulong)Hash(bytes, Seed) * Buckets) >> 32);
    }

    private static uint Word(ReadOnlySpan<byte> b) => b[0] | ((uint)b[1] << 8) | ((uint)b[2] << 16) | ((uint)b[3] << 24);

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
