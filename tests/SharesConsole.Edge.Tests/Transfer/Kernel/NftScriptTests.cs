using System.Net;
using SharesConsole.Edge.Tests.Support.Netns;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class NftScriptTests
{
    private static readonly KernelLayout Layout = new()
    {
        Table = "sce_script",
        Vip = IPAddress.Parse("10.201.9.1"),
        SshPort = 33001,
        NodeSshPort = 22,
        FaspFirst = 33001,
        FaspLast = 33100,
        Nodes = [new KernelNode("node-a", IPAddress.Parse("10.201.1.11")), new KernelNode("node-b", IPAddress.Parse("10.201.1.12"))],
    };

    private static readonly string?[] Buckets = [.. Enumerable.Range(0, 256).Select(b => b % 2 == 0 ? "node-a" : "node-b")];

    [Fact]
    public void Create_Layout_OneMapForTcpAndUdpInBothNatHooks()
    {
        var script = NftScript.Create(Layout, Buckets, "owner");

        const string Hash = "dnat ip to jhash ip saddr mod 256 seed 0x5ca1ab1e map @buckets";
        Assert.Equal(2, Count(script, $"ip daddr 10.201.9.1 tcp dport 33001 {Hash} : 22"));
        Assert.Equal(2, Count(script, $"ip daddr 10.201.9.1 udp dport 33001-33100 {Hash}\n"));
        Assert.Contains("0 : 10.201.1.11, 1 : 10.201.1.12", script, StringComparison.Ordinal);
        Assert.Contains("10.201.1.12 : \"n1_fasp_out\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("masquerade", script, StringComparison.Ordinal);
        Assert.StartsWith("add table ip sce_script\ndelete table ip sce_script\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MasqueradeAndSingleFaspPort_SnatAndPortRewrite()
    {
        var script = NftScript.Create(Layout with { Masquerade = true, FaspLast = 33001, NodeFaspPort = 4000 }, Buckets, "owner");

        Assert.Contains("ct original ip daddr 10.201.9.1 ct status dnat masquerade", script, StringComparison.Ordinal);
        Assert.Contains("udp dport 33001 dnat ip to jhash ip saddr mod 256 seed 0x5ca1ab1e map @buckets : 4000", script, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateBuckets_NoNodes_OnlyFlushes()
    {
        Assert.Equal("flush map ip sce_script buckets\n", NftScript.UpdateBuckets(Layout, new string?[256]));
    }

    [Fact]
    public void Scripts_AppliedByNft_CreateUpdateDeleteLeaveNoTable()
    {
        using var ns = NetworkNamespace.Create($"sce{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        var commands = new NetnsKernelCommands(ns.Name);

        Apply(commands, NftScript.Create(Layout with { Masquerade = true }, Buckets, "owner"));
        Apply(commands, NftScript.Create(Layout, Buckets, "owner"));
        Apply(commands, NftScript.UpdateBuckets(Layout, [.. Buckets.Select(_ => "node-b")]));
        var map = Run(commands, "list", "map", "ip", "sce_script", "buckets");
        Assert.DoesNotContain("10.201.1.11", map, StringComparison.Ordinal);
        Assert.Contains("255 : 10.201.1.12", map, StringComparison.Ordinal);
        Apply(commands, NftScript.Delete("sce_script"));
        Apply(commands, NftScript.Delete("sce_script"));
        Assert.DoesNotContain("sce_script", Run(commands, "list", "tables"), StringComparison.Ordinal);
    }

    private static void Apply(NetnsKernelCommands commands, string script)
    {
        var result = commands.RunAsync("nft", ["-f", "-"], script, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, $"nft refused:\n{result.Error}\n{script}");
    }

    private static string Run(NetnsKernelCommands commands, params string[] arguments)
    {
        var result = commands.RunAsync("nft", arguments, null, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, result.Error);
        return result.Output;
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
