using SharesConsole.Core.Catalog;
using SharesConsole.Core.Failover;

namespace SharesConsole.Core.Tests.Failover;

public sealed class OperationStepTests
{
    // The names earlier versions wrote to the database: a resumed operation must read them back unchanged.
    public static TheoryData<string, string, string, string> EveryKind => new()
    {
        { "fence", "", "", "fence" },
        { "raise-epoch", "", "", "raise-epoch" },
        { "confirm-stopped", "", "", "confirm-stopped" },
        { "stop", "mysqld", "node-a", "stop mysqld on node-a" },
        { "start", "shares-background", "node-b", "start shares-background on node-b" },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Name_EachKind_IsTheNameEarlierVersionsStored(string kind, string service, string node, string stored)
    {
        Assert.Equal(stored, Step(kind, service, node).Name);
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void TryParse_NameOfEachKind_GivesAnEqualStep(string kind, string service, string node, string stored)
    {
        var step = Step(kind, service, node);

        Assert.True(OperationStep.TryParse(step.Name, out var parsed), $"'{stored}' did not parse");
        Assert.Equal(step, parsed);
        Assert.Equal(step.GetType(), parsed.GetType());
    }

    [Theory]
    [InlineData("backup now")]
    [InlineData("turn on")]
    [InlineData("on")]
    [InlineData("on call")]
    [InlineData("fail on error")]
    [InlineData(" on ")]
    [InlineData("x on on")]
    [InlineData("stop mysqld on node-a")]
    public void TryParse_ServiceNameWithSpacesOrOn_SplitsAtTheLastOn(string service)
    {
        OperationStep[] steps = [new StopServiceStep(service, "node-a"), new StartServiceStep(service, "on")];

        Assert.All(steps, step =>
        {
            Assert.True(OperationStep.TryParse(step.Name, out var parsed), $"'{step.Name}' did not parse");
            Assert.Equal(step, parsed);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Fence")]
    [InlineData("fence ")]
    [InlineData("raise epoch")]
    [InlineData("confirm")]
    [InlineData("stop mysqld")]
    [InlineData("stop on node-a")]
    [InlineData("start  on node-b")]
    [InlineData("start mysqld on ")]
    [InlineData("start mysqld on node b")]
    [InlineData("Start mysqld on node-b")]
    [InlineData("restart mysqld on node-b")]
    [InlineData("drain node-b")]
    public void TryParse_UnknownOrMalformedName_ReturnsFalse(string? name)
    {
        Assert.False(OperationStep.TryParse(name, out var step));
        Assert.Null(step);
    }

    [Fact]
    public void ToString_IsTheStoredName()
    {
        Assert.Equal("stop crond on node-a", new StopServiceStep("crond", "node-a").ToString());
        Assert.Equal("fence", $"{new FenceStep()}");
    }

    [Fact]
    public void Switchover_CatalogServiceNamedWithOn_EveryStepRoundTrips()
    {
        // The catalog only refuses empty names, so a service may be called this.
        var catalog = ServiceCatalog.Create(
        [
            new() { Name = "mysqld", Kind = ServiceKind.ActivePassive, StartOrder = 1, Probe = ProbeDefinition.Process() },
            new() { Name = "reports on demand", Kind = ServiceKind.ActivePassive, StartOrder = 2, Probe = ProbeDefinition.Process() },
        ]);

        var steps = OperationSteps.Switchover(catalog, "node-a", "node-b");

        Assert.Contains(new StopServiceStep("reports on demand", "node-a"), steps);
        Assert.All(steps, step => Assert.True(OperationStep.TryParse(step.Name, out var parsed) && parsed == step, $"'{step.Name}' did not round-trip"));
    }

    private static OperationStep Step(string kind, string service, string node) => kind switch
    {
        "fence" => new FenceStep(),
        "raise-epoch" => new RaiseEpochStep(),
        "confirm-stopped" => new ConfirmStoppedStep(),
        "stop" => new StopServiceStep(service, node),
        "start" => new StartServiceStep(service, node),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such step kind"),
    };
}
