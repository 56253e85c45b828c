using SharesConsole.Agent.Epochs;

namespace SharesConsole.Agent.Tests.Epochs;

public sealed class EpochRuleTests
{
    [Theory]
    [InlineData(5, 4, false, 5)]
    [InlineData(5, 5, true, 5)]
    [InlineData(5, 6, true, 6)]
    [InlineData(0, 0, true, 0)]
    public void Observe_EpochAgainstHighest_RefusesOnlyLower(long highest, long epoch, bool accepted, long after)
    {
        Assert.Equal((accepted, after), EpochRule.Observe(highest, epoch));
    }

    [Theory]
    [InlineData(5, 1005, true, 1005)]
    [InlineData(5, 1006, false, 5)]
    [InlineData(5, long.MaxValue, false, 5)]
    [InlineData(0, 5000, true, 5000)]
    [InlineData(5, 4, false, 5)]
    public void Observe_BoundedJump_RefusesAnEpochTooFarAboveOnceOneIsKnown(long highest, long epoch, bool accepted, long after)
    {
        Assert.Equal((accepted, after), EpochRule.Observe(highest, epoch, maxJump: 1000));
        Assert.Equal(!accepted && epoch > highest, EpochRule.IsJump(highest, epoch, 1000));
    }
}
