using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Lab;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;

namespace SharesConsole.Agent.Tests.Drivers.Lab;

public sealed class LabChaosTests : IDisposable
{
    private static readonly AgentServiceOptions ActivePassive = new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task GetState_ChaosFileAppears_StandInDiesReportsFailedAndReleasesLock()
    {
        await using var onA = Driver("node-a");
        await using var onB = Driver("node-b");
        Assert.True((await onA.StartAsync(CancellationToken.None)).Ok);
        Directory.CreateDirectory(Path.GetDirectoryName(onA.ChaosFile)!);
        await File.WriteAllTextAsync(onA.ChaosFile, "");

        var state = await onA.GetStateAsync(CancellationToken.None);
        var again = await onA.GetStateAsync(CancellationToken.None);
        var takeOver = await onB.StartAsync(CancellationToken.None);

        Assert.Equal(ServiceRunState.Failed, state.State);
        Assert.Equal(ServiceRunState.Failed, again.State);
        Assert.False(File.Exists(onA.ChaosFile));
        Assert.True(takeOver.Ok, takeOver.Error);
    }

    [Fact]
    public async Task GetState_ChaosFileWhileStopped_LeftForLaterAndStaysStopped()
    {
        await using var onA = Driver("node-a");
        Directory.CreateDirectory(Path.GetDirectoryName(onA.ChaosFile)!);
        await File.WriteAllTextAsync(onA.ChaosFile, "");

        Assert.Equal(ServiceRunState.Stopped, (await onA.GetStateAsync(CancellationToken.None)).State);
        Assert.True(File.Exists(onA.ChaosFile));
    }

    [Fact]
    public async Task Start_AfterChaosStop_RunningAgain()
    {
        await using var onA = Driver("node-a");
        Assert.True((await onA.StartAsync(CancellationToken.None)).Ok);
        Directory.CreateDirectory(Path.GetDirectoryName(onA.ChaosFile)!);
        await File.WriteAllTextAsync(onA.ChaosFile, "");
        Assert.Equal(ServiceRunState.Failed, (await onA.GetStateAsync(CancellationToken.None)).State);

        Assert.True((await onA.StartAsync(CancellationToken.None)).Ok);

        Assert.Equal(ServiceRunState.Running, (await onA.GetStateAsync(CancellationToken.None)).State);
    }

    public void Dispose() => _dir.Dispose();

    private LabDriver Driver(string node) => new("mysqld", ActivePassive, new AgentOptions
    {
        NodeName = node,
        Address = Loopback.Agent.Address(41).ToString(),
        LabDirectory = _dir.Combine("shared"),
        StateDirectory = _dir.Combine(node),
    }, NullLoggerFactory.Instance);
}
