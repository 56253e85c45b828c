using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>Deterministic generator of hostile DNS packets: random bytes, mutated valid queries, pointer loops, huge counts, truncations.</summary>
public sealed class PacketFuzzer(int seed)
{
    private static readonly byte[][] Seeds =
    [
        TestQuery.Build(TestCluster.Transfer, TestQuery.A),
        TestQuery.Build(TestCluster.Transfer, TestQuery.Aaaa, ednsSize: 1232),
        TestQuery.Build("shares.test", TestQuery.Soa, ednsSize: 512),
        TestQuery.Build("x.shares.test", TestQuery.Any),
        TestQuery.Build("example.com", TestQuery.A),
    ];

    private readonly Random _random = new(seed);

    public byte[] Next() => _random.Next(6) switch
    {
        0 => RandomBytes(),
        1 => Mutate(),
        2 => PointerTrap(),
        3 => HugeCounts(),
        4 => Truncate(),
        _ => RandomHeaderWithSeedBody(),
    };

    private byte[] RandomBytes()
    {
        var packet = new byte[_random.Next(0, 600)];
        _random.NextBytes(packet);
        return packet;
    }

    private byte[] Seed() => (byte[])Seeds[_random.Next(Seeds.Length)].Clone();

    private byte[] Mutate()
    {
        var packet = Seed();
        for (int i = 0, n = _random.Next(1, 6); i < n; i++)
        {
            var at = _random.Next(packet.Length);
            packet[at] = _random.Next(3) switch
            {
                0 => (byte)(packet[at] ^ (1 << _random.Next(8))),
                1 => (byte)_random.Next(256),
                _ => (byte)(0xC0 | _random.Next(4)),
            };
        }

        return packet;
    }

    /// <summary>A question whose name points at itself, forward, into a loop, or chains pointers.</summary>
    private byte[] PointerTrap()
    {
        var packet = Seed();
        var kind = _random.Next(4);
        var at = 12 + _random.Next(Math.Max(1, packet.Length - 14));
        var target = kind switch
        {
            0 => at,
            1 => at + _random.Next(1, 40),
            2 => 12,
            _ => _random.Next(0, 0x3FFF),
        };
        packet[at] = (byte)(0xC0 | ((target >> 8) & 0x3F));
        if (at + 1 < packet.Length)
        {
            packet[at + 1] = (byte)target;
        }

        return packet;
    }

    private byte[] HugeCounts()
    {
        var packet = Seed();
        var field = 4 + 2 * _random.Next(4);
        packet[field] = (byte)_random.Next(256);
        packet[field + 1] = (byte)_random.Next(256);
        return packet;
    }

    private byte[] Truncate()
    {
        var packet = Seed();
        return packet[.._random.Next(packet.Length)];
    }

    private byte[] RandomHeaderWithSeedBody()
    {
        var packet = Seed();
        _random.NextBytes(packet.AsSpan(0, 12));
        return packet;
    }
}
