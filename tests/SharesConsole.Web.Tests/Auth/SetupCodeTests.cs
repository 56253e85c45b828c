using SharesConsole.Web.Auth.Users;

namespace SharesConsole.Web.Tests.Auth;

public sealed class SetupCodeTests
{
    [Fact]
    public void Verify_NothingIssued_RefusesEverything()
    {
        var code = new SetupCode();

        Assert.False(code.IsIssued);
        Assert.False(code.Verify(""));
        Assert.False(code.Verify(null));
    }

    [Fact]
    public void Verify_IssuedCode_AcceptsItTypedLooselyAndNothingElse()
    {
        var code = new SetupCode();

        var issued = code.Issue();

        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$", issued);
        Assert.True(code.Verify(issued));
        Assert.True(code.Verify(issued.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant()));
        Assert.False(code.Verify(issued[..^1]));
        Assert.False(code.Verify(issued + "0"));
        Assert.False(code.Verify(new string('A', 10_000)));
    }

    [Fact]
    public void Issue_Again_ReplacesTheOldCode_RetireForgetsIt()
    {
        var code = new SetupCode();
        var first = code.Issue();

        var second = code.Issue();
        var secondAccepted = code.Verify(second);
        code.Retire();

        Assert.NotEqual(first, second);
        Assert.False(code.Verify(first));
        Assert.True(secondAccepted);
        Assert.False(code.Verify(second));
        Assert.False(code.IsIssued);
    }
}
