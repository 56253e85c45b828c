using SharesConsole.Lab;

namespace SharesConsole.Web.Tests.Agents.Lab;

public sealed class LabControlPlaneUrlTests
{
    [Theory]
    [InlineData("http://localhost:5000", "http://localhost:5000")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000")]
    [InlineData("http://[::]:5000", "http://127.0.0.1:5000")]
    [InlineData("http://+:5000", "http://localhost:5000")]
    [InlineData("http://127.0.5.9:41234/", "http://127.0.5.9:41234")]
    public void From_ListeningAddress_ReachableBaseUrl(string listening, string expected) =>
        Assert.Equal(expected, LabControlPlaneUrl.From([listening]));

    [Fact]
    public void From_HttpAndHttps_PrefersHttp() =>
        Assert.Equal("http://localhost:5000", LabControlPlaneUrl.From(["https://localhost:5001", "http://localhost:5000"]));

    [Fact]
    public void From_NoAddress_ExplainsWhy() =>
        Assert.Contains("no listening address", Assert.Throws<InvalidOperationException>(() => LabControlPlaneUrl.From([])).Message, StringComparison.Ordinal);
}
