using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class NftCountersTests
{
    [Fact]
    public void Parse_NftJson_NamedCounters()
    {
        const string json = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
             {"counter": {"family": "ip", "name": "n0_ssh_in", "table": "t", "handle": 3, "packets": 12, "bytes": 3400}},
             {"counter": {"family": "ip", "name": "n1_fasp_out", "table": "t", "handle": 4, "packets": 0, "bytes": 0}}]}
            """;

        var counters = NftCounters.Parse(json);

        Assert.Equal(new NftCounter(12, 3400), counters["n0_ssh_in"]);
        Assert.Equal(new NftCounter(0, 0), counters["n1_fasp_out"]);
        Assert.Equal(2, counters.Count);
    }
}
