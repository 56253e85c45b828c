using System.Net;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

/// <summary>The kernel agreement itself is checked on real packets in <see cref="KernelBehaviourTests"/>.</summary>
public sealed class JhashTests
{
    [Fact]
    public void Hash_EmptyKey_IsTheInitialValue()
    {
        Assert.Equal(0xDEADBEEFu + 7u, Jhash.Hash([], 7));
    }

    [Fact]
    public void Bucket_ManyAddresses_SpreadOverTheBuckets()
    {
        var buckets = Enumerable.Range(0, 4096).Select(i => Jhash.Bucket(new IPAddress([10, 0, (byte)(i >> 8), (byte)i]))).ToArray();

        Assert.All(buckets, b => Assert.InRange(b, 0, 255));
        Assert.True(buckets.Distinct().Count() > 200, $"{buckets.Distinct().Count()} buckets used by 4096 addresses");
    }

    [Fact]
    public void Bucket_MappedIpv4_SameAsIpv4()
    {
        var address = IPAddress.Parse("10.201.0.100");

        Assert.Equal(Jhash.Bucket(address), Jhash.Bucket(address.MapToIPv6()));
    }

    [Fact]
    public void Bucket_Ipv6_Throws()
    {
        Assert.Throws<ArgumentException>(() => Jhash.Bucket(IPAddress.IPv6Loopback));
    }
}
