using System.Globalization;
using System.Net.Sockets;
using SharesConsole.Edge.Transfer;

namespace SharesConsole.Edge.Tests.Transfer;

public sealed class UdpSocketsTests
{
    [Fact]
    public void Create_BufferAboveHostLimit_GrantedWithCapabilityElseCapped()
    {
        const int Requested = 16 * 1024 * 1024;
        var hostLimit = int.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), CultureInfo.InvariantCulture);
        var sockets = new UdpSockets(Requested);

        using var first = sockets.Create(AddressFamily.InterNetwork);
        using var second = sockets.Create(AddressFamily.InterNetwork);

        // Linux reports twice the size asked for (its bookkeeping overhead).
        var expected = 2 * (Environment.IsPrivilegedProcess ? Requested : Math.Min(Requested, hostLimit));
        Assert.Equal(expected, first.ReceiveBufferSize);
        Assert.Equal(expected, second.ReceiveBufferSize);
    }
}
