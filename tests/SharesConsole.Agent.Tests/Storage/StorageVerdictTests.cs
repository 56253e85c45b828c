using SharesConsole.Agent.Storage;

namespace SharesConsole.Agent.Tests.Storage;

public sealed class StorageVerdictTests
{
    private const int Fall = 3;
    private const int Rise = 2;

    [Theory]
    [InlineData("", true)]
    [InlineData("FF", true)]
    [InlineData("FFF", false)]
    [InlineData("FFOFF", true)]
    [InlineData("FFFO", false)]
    [InlineData("FFFOO", true)]
    [InlineData("FFFOFOO", true)]
    [InlineData("FFFOFO", false)]
    [InlineData("OOOFFFF", false)]
    public void Next_Sequence_FitOnlyBeforeFallFailuresInARowOrAfterRiseSuccessesInARow(string probes, bool fit)
    {
        var verdict = probes.Aggregate(StorageVerdict.Initial, (v, p) => v.Next(p == 'O', Fall, Rise));

        Assert.Equal(fit, verdict.Fit);
    }

    [Fact]
    public void Next_Failures_CountedInARowAndResetBySuccess()
    {
        var verdict = StorageVerdict.Initial.Next(false, Fall, Rise).Next(false, Fall, Rise);

        Assert.Equal(2, verdict.Failures);
        Assert.Equal(0, verdict.Next(true, Fall, Rise).Failures);
    }

    [Fact]
    public void Next_FallOfOne_OneFailureIsUnfit()
    {
        Assert.False(StorageVerdict.Initial.Next(false, 1, 1).Fit);
    }
}
