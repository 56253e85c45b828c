using System.Net;

namespace SharesConsole.Web.Tests.Hosting;

[Collection(ConsoleAppCollection.Name)]
public sealed class ConsoleAppTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task GetNodes_SeededLab_RendersBothNodes()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/nodes");

        Assert.Contains("node-a", html, StringComparison.Ordinal);
        Assert.Contains("node-b", html, StringComparison.Ordinal);
        Assert.Contains("127.0.6.22", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetServices_RendersPlacementTableWithSevenServices()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/services");

        foreach (var service in new[] { "nginx", "asperahttpd", "asperanoded", "mysqld", "crond", "stats-collector", "shares-background" })
        {
            Assert.Contains($"data-service=\"{service}\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_RunningHost_AreHealthy(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/css/app.css")]
    [InlineData("/favicon.svg")]
    public async Task StaticAssets_FromPackagesAndTopLevelWwwroot_AreServed(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownPage_SaysNothingIsThere()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nothing at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
