using SharesConsole.Web.Logging;

namespace SharesConsole.Web.Tests.Logging;

public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData("node-a", "node-a")]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("esc\u001b[31mred", "esc\\u001b[31mred")]
    [InlineData("nel\u0085x", "nel\\u0085x")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("bidi\u202eevil", "bidi\\u202eevil")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void ForLog_ControlAndSeparatorCharacters_Escaped(string? value, string expected) =>
        Assert.Equal(expected, UntrustedText.ForLog(value));

    [Fact]
    public void ForLog_LongValue_CutAndSaysHowLongItWas()
    {
        var logged = UntrustedText.ForLog(new string('x', 5000), 10);

        Assert.Equal("xxxxxxxxxx…(5000 chars)", logged);
    }
}
