using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Tests.Support;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

/// <summary>The kernel path's own table: written, kept, removed; never another table.</summary>
public sealed class KernelTransferTests
{
    [Fact]
    public async Task Stop_RemovesItsTableOnly()
    {
        await using var rig = await TransferRig.StartAsync(TransferPath.Kernel, nodeCount: 1, clientCount: 1);
        await NftAsync(rig, "-f", "-", input: "table ip someone_else {\n}\n");
        Assert.Contains("table ip sce_test", await NftAsync(rig, "list", "tables"), StringComparison.Ordinal);

        await rig.Paths.DisposeAsync();

        var tables = await NftAsync(rig, "list", "tables");
        Assert.DoesNotContain("sce_test", tables, StringComparison.Ordinal);
        Assert.Contains("table ip someone_else", tables, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TableRemovedByOthers_WrittenAgainAndCarriesClients()
    {
        await using var rig = await TransferRig.StartAsync(TransferPath.Kernel, nodeCount: 1, clientCount: 1);

        await NftAsync(rig, "delete", "table", "ip", "sce_test");

        await rig.UntilAsync(async () => (await rig.Commands.RunAsync("nft", ["list", "table", "ip", "sce_test"], null, CancellationToken.None)).Succeeded,
            "the edge writes its table again");
        Assert.Equal("node-a", await rig.ConnectTcpOnceAsync(rig.ClientAddresses[0]));
    }

    [Fact]
    public async Task WebOnly_RemovesTable_RedirectAllWritesItAgain()
    {
        await using var rig = await TransferRig.StartAsync(TransferPath.Kernel, nodeCount: 1, clientCount: 1);

        rig.SetArchitecture(ArchitectureType.WebOnly);
        await rig.UntilAsync(() => Applied(rig) == ArchitectureType.WebOnly, "the edge applies WebOnly");
        Assert.DoesNotContain("sce_test", await NftAsync(rig, "list", "tables"), StringComparison.Ordinal);
        Assert.False(rig.Paths.Kernel!.IsOpen);

        rig.SetArchitecture(ArchitectureType.RedirectAll);
        await rig.UntilAsync(() => Applied(rig) == ArchitectureType.RedirectAll, "the edge applies RedirectAll");

        Assert.Contains("table ip sce_test", await NftAsync(rig, "list", "tables"), StringComparison.Ordinal);
        Assert.Equal("node-a", await rig.ConnectTcpOnceAsync(rig.ClientAddresses[0]));
    }

    [Fact]
    public async Task Masquerade_NodesWithoutRouteToClients_StillServeThem()
    {
        await using var rig = await TransferRig.StartAsync(TransferPath.Kernel, nodeCount: 2, clientCount: 10, masquerade: true);

        foreach (var client in rig.ClientAddresses)
        {
            var (node, session) = await rig.ConnectTcpAsync(client);
            using (session)
            using (var udp = rig.UdpFrom(client))
            {
                Assert.Equal(node, await rig.UdpNodeAsync(udp, 2));
            }
        }
    }

    private static ArchitectureType? Applied(TransferRig rig) => rig.Paths.Kernel!.Applied?.Topology.Settings.Architecture;

    private static async Task<string> NftAsync(TransferRig rig, params string[] arguments) => await NftAsync(rig, arguments, null);

    private static async Task<string> NftAsync(TransferRig rig, string a, string b, string input) => await NftAsync(rig, [a, b], input);

    private static async Task<string> NftAsync(TransferRig rig, string[] arguments, string? input)
    {
        var result = await rig.Commands.RunAsync("nft", arguments, input, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result.Output;
    }
}
