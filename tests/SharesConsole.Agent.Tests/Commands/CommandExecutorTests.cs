using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Commands;

public sealed class CommandExecutorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Execute_LowerEpochThanSeen_RefusedWithStaleEpochAndHeldEpoch()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);
        Assert.True((await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 7, "crond"), CancellationToken.None)).Ok);

        var stale = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, 6, "crond"), CancellationToken.None);

        Assert.False(stale.Ok);
        Assert.Equal(CommandErrorCode.StaleEpoch, stale.Error);
        Assert.Equal(7, stale.AgentEpoch);
        Assert.Contains("6", stale.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.Combine("systemctl-dir", "state-crond")), "the stale stop must not have run");
    }

    [Fact]
    public async Task Execute_CommandOfAnOlderLeaderTerm_RefusedWithStaleTermAndNotRun()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);
        Assert.True((await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 7, "crond") with { Term = 3 }, CancellationToken.None)).Ok);

        var stale = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, 7, "crond") with { Term = 2 }, CancellationToken.None);
        var current = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 7) with { Term = 3 }, CancellationToken.None);
        var single = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 7), CancellationToken.None);

        Assert.Equal(CommandErrorCode.StaleTerm, stale.Error);
        Assert.Contains("term 2", stale.Message, StringComparison.Ordinal);
        Assert.Contains("term 3", stale.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.Combine("systemctl-dir", "state-crond")), "the stale stop must not have run");
        Assert.True(current.Ok);
        Assert.Equal(CommandErrorCode.StaleTerm, single.Error);
    }

    [Fact]
    public async Task Execute_EpochFarAboveTheHighestSeen_RefusedAndNotAdopted()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);
        Assert.True((await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 7), CancellationToken.None)).Ok);

        var jump = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, long.MaxValue, "crond"), CancellationToken.None);
        var next = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 8), CancellationToken.None);

        Assert.Equal(CommandErrorCode.EpochJump, jump.Error);
        Assert.Contains("MaxEpochJump", jump.Message, StringComparison.Ordinal);
        Assert.True(next.Ok, "the node is not locked out: the next real epoch is accepted");
        Assert.Equal(8, agent.HighestEpoch);
    }

    [Fact]
    public async Task Execute_AfterAgentRestart_EpochFromDiskStillRefusesLower()
    {
        await using (var first = await StartAgentAsync(FakeSystemctl.Working))
        {
            Assert.True((await first.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 42), CancellationToken.None)).Ok);
        }

        await using var second = await StartAgentAsync(FakeSystemctl.Working);
        var stale = await second.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 41), CancellationToken.None);

        Assert.Equal(42, second.HighestEpoch);
        Assert.Equal(CommandErrorCode.StaleEpoch, stale.Error);
        Assert.Equal("42", File.ReadAllText(_dir.Combine("state", "epoch")));
    }

    [Fact]
    public async Task Execute_StartTwice_SecondIsNoOpAndSucceeds()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);

        var first = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "crond"), CancellationToken.None);
        var second = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "crond"), CancellationToken.None);

        Assert.True(first.Ok && second.Ok);
        Assert.Null(first.Message);
        Assert.Equal("Already in the requested state.", second.Message);
        Assert.Single(File.ReadAllLines(_dir.Combine("systemctl-dir", "starts-crond")));
    }

    [Fact]
    public async Task Execute_UnknownService_ErrorNamesConfiguredServices()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);

        var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "postgres"), CancellationToken.None);

        Assert.False(reply.Ok);
        Assert.Equal(CommandErrorCode.UnknownService, reply.Error);
        Assert.Contains("crond", reply.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", AgentCommandKind.Report, "crond", 1, "no id")]
    [InlineData("x", (AgentCommandKind)99, "crond", 1, "Unknown command kind")]
    [InlineData("x", AgentCommandKind.Start, null, 1, "needs a service name")]
    [InlineData("x", AgentCommandKind.Stop, " ", 1, "needs a service name")]
    [InlineData("x", AgentCommandKind.Report, null, -1, "negative")]
    public async Task Execute_MalformedCommand_MalformedReplyAndEpochUnchanged(string id, AgentCommandKind kind, string? service, long epoch, string expected)
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);

        var reply = await agent.ExecuteAsync(new AgentCommand { Id = id, Kind = kind, ServiceName = service, Epoch = epoch }, CancellationToken.None);

        Assert.Equal(CommandErrorCode.Malformed, reply.Error);
        Assert.Contains(expected, reply.Message, StringComparison.Ordinal);
        Assert.Equal(0, agent.HighestEpoch);
    }

    [Fact]
    public async Task Execute_NullCommand_MalformedReply()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Working);

        var reply = await agent.ExecuteAsync(null!, CancellationToken.None);

        Assert.Equal(CommandErrorCode.Malformed, reply.Error);
    }

    [Fact]
    public async Task Execute_DriverHangs_TimeoutReplyAndAgentKeepsWorking()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.Hanging, TimeSpan.FromSeconds(1));

        var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "crond"), CancellationToken.None);
        var report = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None);

        Assert.Equal(CommandErrorCode.Timeout, reply.Error);
        Assert.Contains("did not finish within 1 s", reply.Message, StringComparison.Ordinal);
        Assert.True(report.Ok);
        var hung = File.ReadAllText(_dir.Combine("systemctl-dir", "hung.pid")).Trim();
        await Poll.UntilAsync(() => !Directory.Exists($"/proc/{hung}"), $"the hung systemctl (pid {hung}) to be killed");
    }

    [Fact]
    public async Task Execute_UnitDoesNotExist_DriverErrorWithSystemdText()
    {
        await using var agent = await StartAgentAsync(FakeSystemctl.MissingUnit);

        var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "crond"), CancellationToken.None);

        Assert.Equal(CommandErrorCode.DriverError, reply.Error);
        Assert.Contains("not found", reply.Message, StringComparison.Ordinal);
    }

    private async Task<NodeAgent> StartAgentAsync(string systemctlScript, TimeSpan? commandTimeout = null)
    {
        var scripts = _dir.Combine("systemctl-dir");
        Directory.CreateDirectory(scripts);
        var options = TestAgents.Options(_dir.Combine("state"), "127.0.5.12", new()
        {
            ["crond"] = new AgentServiceOptions { Driver = ServiceDriverKind.Systemd, Unit = "crond" },
        }) with
        {
            SystemctlPath = FakeSystemctl.Write(scripts, systemctlScript),
            CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(30),
        };
        var agent = TestAgents.Create(options);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    public void Dispose() => _dir.Dispose();
}
