using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Transfer.Kernel;
using SharesConsole.Tests.Common.Logging;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class TransferPathsTests
{
    [Fact]
    public async Task StartAsync_AutoWithoutNft_RelayWithOneLineSayingWhy()
    {
        var logs = new ListLoggerProvider();
        await using var provider = Build("Auto", new FakeCommands(nftFails: true), logs);
        var paths = provider.GetRequiredService<TransferPaths>();

        await paths.StartAsync(CancellationToken.None);

        Assert.Equal(TransferPath.Relay, paths.Active);
        Assert.Contains("nft cannot change nftables here (Error: Could not process rule: Operation not permitted)", paths.Reason, StringComparison.Ordinal);
        var line = Assert.Single(logs.Entries, e => e.Id.Id == 3060);
        Assert.Contains("Relay", line.Message, StringComparison.Ordinal);
        Assert.True(provider.GetRequiredService<SharesConsole.Edge.Transfer.TransferListeners>().IsOpen);
        Assert.Same(paths, provider.GetRequiredService<ITransferPathInfo>());
    }

    [Fact]
    public async Task StartAsync_KernelWithoutNft_ThrowsNamingTheKey()
    {
        await using var provider = Build("Kernel", new FakeCommands(nftFails: true), new ListLoggerProvider());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<TransferPaths>().StartAsync(CancellationToken.None));

        Assert.Contains("Edge:TransferPath is Kernel", error.Message, StringComparison.Ordinal);
        Assert.Contains("Operation not permitted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AutoWithNftAndConntrack_KernelWritesTheTable()
    {
        var commands = new FakeCommands(nftFails: false);
        await using var provider = Build("Auto", commands, new ListLoggerProvider());
        var paths = provider.GetRequiredService<TransferPaths>();

        await paths.StartAsync(CancellationToken.None);

        Assert.Equal(TransferPath.Kernel, paths.Active);
        Assert.Contains(commands.Scripts, s => s.Contains("table ip sce_fake {", StringComparison.Ordinal));
        await paths.DisposeAsync();
        Assert.EndsWith("delete table ip sce_fake\n", commands.Scripts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Relay_NeverRunsNft()
    {
        var commands = new FakeCommands(nftFails: false);
        await using var provider = Build("Relay", commands, new ListLoggerProvider());
        var paths = provider.GetRequiredService<TransferPaths>();

        await paths.StartAsync(CancellationToken.None);

        Assert.Equal(TransferPath.Relay, paths.Active);
        Assert.Empty(commands.Scripts);
    }

    private static ServiceProvider Build(string path, IKernelCommands commands, ListLoggerProvider logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings
            {
                Architecture = ArchitectureType.RedirectAll,
                Vip = IPAddress.Parse("127.0.3.190"),
                WebFqdn = "shares.test",
                Ports = new ClusterPorts { Ssh = 33001, Fasp = 33001, FaspRangeEnd = 33001 },
            },
            Nodes = [],
        }));
        services.AddSingleton(commands);
        services.AddSharesEdge(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:TransferPath"] = path,
            ["Edge:KernelTable"] = "sce_fake",
        }).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>nft and conntrack as a host without (or with) CAP_NET_ADMIN answers them; records the nft scripts.</summary>
    private sealed class FakeCommands(bool nftFails) : IKernelCommands
    {
        public List<string> Scripts { get; } = [];

        public Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
        {
            if (tool == "nft" && input is not null)
            {
                lock (Scripts)
                {
                    Scripts.Add(input);
                }
            }

            return Task.FromResult(nftFails && tool == "nft"
                ? new CommandResult(1, "", "Error: Could not process rule: Operation not permitted\n")
                : tool == "nft" && arguments is ["list", "table", ..]
                    ? new CommandResult(1, "", "Error: No such file or directory\n")
                    : new CommandResult(0, tool == "nft" && arguments.Contains("-j") ? """{"nftables": []}""" : "", ""));
        }
    }
}
