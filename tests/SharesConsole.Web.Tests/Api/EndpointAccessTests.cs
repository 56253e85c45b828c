using System.Net;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>
/// <c>/metrics</c>, the OpenAPI document and the API reference: open by default (any scraper, any reader), signed-in
/// callers only with <c>Api:MetricsAccess</c> / <c>Api:ReferenceAccess</c> = Authenticated, where the anonymous
/// viewer is not enough.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class EndpointAccessTests(ConsoleAppFixture app) : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private IsolatedHost _closed = null!;

    public Task InitializeAsync()
    {
        _closed = new IsolatedHost(_data.Path, new Dictionary<string, string>
        {
            ["Api:MetricsAccess"] = "Authenticated",
            ["Api:ReferenceAccess"] = "Authenticated",
            ["Auth:AnonymousViewer"] = "true",
        });
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task Default_Anonymous_Reads(string path)
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Anonymous);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/metrics", HttpStatusCode.Unauthorized)]
    [InlineData("/openapi/v1.json", HttpStatusCode.Redirect)]
    [InlineData("/scalar/v1", HttpStatusCode.Redirect)]
    public async Task Authenticated_AnonymousRefused_ViewerKeyReads(string path, HttpStatusCode anonymousStatus)
    {
        var callers = new TestCallers(_closed);
        using var anonymous = await callers.ClientAsync(Caller.Anonymous);
        using var viewer = await callers.ClientAsync(Caller.Viewer);

        using var refused = await anonymous.GetAsync(path);
        using var allowed = await viewer.GetAsync(path);

        Assert.Equal(anonymousStatus, refused.StatusCode);
        if (anonymousStatus == HttpStatusCode.Redirect)
        {
            Assert.Contains("/account/login", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _closed.DisposeAsync();
        _data.Dispose();
    }
}
