using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Dns.Zone;
using SharesConsole.Tests.Common.Logging;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>A responder over an in-memory topology and a fake health source, queried without sockets.</summary>
public sealed class ResponderHarness
{
    internal ResponderHarness(ClusterTopology topology, DnsOptions? options = null)
    {
        Topology = new InMemoryTopologySource(topology);
        using var factory = new LoggerFactory([Logs]);
        Responder = new DnsResponder(Topology, Health, Options.Create(options ?? new DnsOptions()), factory.CreateLogger<DnsResponder>(), Counters);
    }

    public ListLoggerProvider Logs { get; } = new();

    public DnsQueryCounters Counters { get; } = new();

    public InMemoryTopologySource Topology { get; }

    public FakeNodeHealth Health { get; } = new();

    internal DnsResponder Responder { get; }

    public static ResponderHarness Create(ClusterTopology topology, DnsOptions? options = null) => new(topology, options);

    /// <summary>The raw reply, empty when the responder drops the query.</summary>
    public byte[] AskRaw(byte[] query, bool tcp = false)
    {
        var buffer = new byte[65535];
        var length = Responder.Respond(query, buffer, tcp);
        return buffer[..length];
    }

    public TestMessage Ask(byte[] query, bool tcp = false)
    {
        var raw = AskRaw(query, tcp);
        Assert.NotEmpty(raw);
        return TestMessage.Parse(raw);
    }

    public TestMessage Ask(string name, ushort type, int? ednsSize = null, bool tcp = false) =>
        Ask(TestQuery.Build(name, type, ednsSize: ednsSize), tcp);
}
