using System.Net;

namespace SharesConsole.Tests.Common.Network;

/// <summary>
/// The loopback blocks of the suites. Test projects run side by side, so each binds only addresses in its own
/// /24 and two suites never race for one address and port. Blocks in use elsewhere: Edge.Tests 127.0.3.x,
/// 127.0.4.x, 127.0.13.x and 127.1.x.x; Data.Tests stores 127.0.7.x addresses without binding them; the lab
/// itself uses 127.0.0.x.
/// </summary>
public static class Loopback
{
    /// <summary>Agent.Tests: stand-ins and probes of the agent's drivers.</summary>
    public static readonly LoopbackBlock Agent = new(5);

    /// <summary>Web.Tests' shared console host: its VIP and lab nodes.</summary>
    public static readonly LoopbackBlock WebHost = new(6);

    /// <summary>Browser.Tests: the lab console on Kestrel, its VIP and its nodes.</summary>
    public static readonly LoopbackBlock Browser = new(8);

    /// <summary>Web.Tests: receivers, stub control planes, client addresses of single tests.</summary>
    public static readonly LoopbackBlock Web = new(9);

    /// <summary>Web.Tests' end-to-end clusters of separate agent processes (ten addresses per scenario from .100).</summary>
    public static readonly LoopbackBlock EndToEnd = new(10);
}

/// <summary>One suite's block 127.0.<see cref="Third"/>.0/24.</summary>
public sealed record LoopbackBlock(byte Third)
{
    public IPAddress Address(int host)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(host, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(host, 254);
        return new IPAddress([127, 0, Third, (byte)host]);
    }

    public override string ToString() => $"127.0.{Third}.0/24";
}
