using SharesConsole.Edge.Health;

namespace SharesConsole.Edge.Tests.Health;

public sealed class RiseFallCounterTests
{
    [Fact]
    public void Observe_FirstResult_DecidesAtOnce()
    {
        var counter = new RiseFallCounter();

        Assert.True(counter.Observe(true, rise: 2, fall: 3));
        Assert.True(counter.IsUp);
    }

    [Fact]
    public void Observe_FailuresBelowFall_StaysUp()
    {
        var counter = new RiseFallCounter();
        counter.Observe(true, 2, 3);

        Assert.False(counter.Observe(false, 2, 3));
        Assert.False(counter.Observe(false, 2, 3));
        Assert.True(counter.IsUp);
        Assert.True(counter.Observe(false, 2, 3));
        Assert.False(counter.IsUp);
    }

    [Fact]
    public void Observe_SuccessBreaksFailureStreak_CountStartsOver()
    {
        var counter = new RiseFallCounter();
        counter.Observe(true, 2, 3);
        counter.Observe(false, 2, 3);
        counter.Observe(false, 2, 3);
        counter.Observe(true, 2, 3);
        counter.Observe(false, 2, 3);
        counter.Observe(false, 2, 3);

        Assert.True(counter.IsUp);
    }

    [Fact]
    public void Observe_DownNode_UpAfterRiseSuccesses()
    {
        var counter = new RiseFallCounter();
        counter.Observe(false, 2, 3);

        Assert.False(counter.Observe(true, 2, 3));
        Assert.True(counter.Observe(true, 2, 3));
        Assert.True(counter.IsUp);
    }
}
