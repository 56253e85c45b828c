using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Api.Models;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>Cookie-authenticated unsafe API calls from another site's page are refused; same-origin, scripts and API keys pass.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class CrossSiteRequestTests(ConsoleAppFixture app)
{
    public static TheoryData<string, string> CrossSiteHeaders() => new()
    {
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
        { "Origin", "https://evil.example" },
        { "Origin", "http://localhost.evil.example" },
        { "Origin", "null" },
    };

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task Drain_CookieFromAnotherSite_Returns403ProblemAndDoesNotDrain(string header, string value)
    {
        using var http = await AdminCookieClientAsync(130);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/nodes/node-b/drain");
        request.Headers.Add(header, value);
        var response = await http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var node = await http.GetFromJsonAsync<NodeDto>("/api/v1/nodes/node-b");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://sharesconsole.dev/problems/cross-site-request", problem.GetProperty("type").GetString());
        Assert.Contains("another site", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Drained", node!.Intent);
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/webhooks/999999")]
    [InlineData("POST", "/api/v1/webhooks/999999/test")]
    [InlineData("POST", "/api/v1/nodes/matrix-missing/token")]
    [InlineData("POST", "/api/v1/lab/nodes/matrix-missing/crash")]
    [InlineData("DELETE", "/api/v1/operations/scheduled/999999")]
    public async Task UnsafeCall_CookieFromAnotherSite_Refused_SameOriginReachesTheEndpoint(string method, string path)
    {
        using var http = await AdminCookieClientAsync(131);

        var crossSite = await SendAsync(http, method, path, ("Sec-Fetch-Site", "cross-site"));
        var crossOrigin = await SendAsync(http, method, path, ("Origin", "https://evil.example"));
        var sameOrigin = await SendAsync(http, method, path, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost"));
        var originOnly = await SendAsync(http, method, path, ("Origin", "http://localhost"));
        var script = await SendAsync(http, method, path);

        Assert.Equal(HttpStatusCode.Forbidden, crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin);
        Assert.Equal(HttpStatusCode.NotFound, sameOrigin);
        Assert.Equal(HttpStatusCode.NotFound, originOnly);
        Assert.Equal(HttpStatusCode.NotFound, script);
    }

    [Fact]
    public async Task UnsafeCall_ApiKeyWithCrossSiteHeaders_IsNotACookieAndPasses()
    {
        using var http = await new TestCallers(app).ClientAsync(Caller.Admin);

        var status = await SendAsync(http, "DELETE", "/api/v1/webhooks/999999", ("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example"));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task SafeCall_CookieFromAnotherSite_StillReads()
    {
        using var http = await AdminCookieClientAsync(132);

        var status = await SendAsync(http, "GET", "/api/v1/nodes", ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Logout_FromAnotherSite_Refused()
    {
        using var http = await AdminCookieClientAsync(133);

        var status = await SendAsync(http, "POST", "/account/logout", ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    private async Task<HttpClient> AdminCookieClientAsync(byte address)
    {
        var login = await new LoginClient(app.Server, Loopback.Web.Address(address)).LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword);
        var http = app.CreateClient(new() { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("Cookie", LoginClient.AuthCookie(login) ?? throw new InvalidOperationException("The admin login failed: " + login.Status));
        return http;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
