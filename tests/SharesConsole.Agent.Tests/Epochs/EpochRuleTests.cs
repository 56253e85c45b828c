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
}
