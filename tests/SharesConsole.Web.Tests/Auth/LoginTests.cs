using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>The console login end to end: form, cookie, roles, lockout, rate limit, setup page, headers.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class LoginTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task Login_ConfiguredAdmin_CookieOpensAdminApiAndDashboard()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(11));

        var result = await client.LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword, "/nodes");
        var cookie = LoginClient.AuthCookie(result);
        var keys = await client.GetAsync("/api/v1/api-keys", cookie);
        var jobs = await client.GetAsync("/jobs", cookie);

        Assert.Equal(302, result.Status);
        Assert.Equal("/nodes", result.Location);
        Assert.NotNull(cookie);
        Assert.Equal(200, keys.Status);
        Assert.Equal(200, jobs.Status);
    }

    [Fact]
    public async Task Login_ViewerUser_CookieReadsButCannotDrain()
    {
        var user = "viewer-" + Guid.NewGuid().ToString("N")[..8];
        await app.Services.GetRequiredService<LoginService>().CreateAsync(user, "viewer-password-1", Roles.Viewer, CancellationToken.None);
        var client = new LoginClient(app.Server, Loopback.Web.Address(12));
        var cookie = LoginClient.AuthCookie(await client.LoginAsync(user, "viewer-password-1"));
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("Cookie", cookie);

        var read = await http.GetAsync("/api/v1/nodes");
        var drain = await http.PostAsync("/api/v1/nodes/node-a/drain", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, drain.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_RedirectsWithErrorAndSetsNoCookie()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(13));

        var result = await client.LoginAsync(ConsoleAppFixture.AdminUser, "wrong-password");
        var page = await client.GetAsync(result.Location!);

        Assert.Equal(302, result.Status);
        Assert.StartsWith("/account/login?error=invalid", result.Location, StringComparison.Ordinal);
        Assert.Null(LoginClient.AuthCookie(result));
        Assert.Contains("Wrong user name or password", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_TooManyAttemptsFromOneAddress_Returns429()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(15));
        var statuses = new List<int>();

        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.LoginAsync("nobody-" + i, "whatever-password")).Status);
        }

        Assert.Equal(10, statuses.Count(s => s == 302));
        Assert.Equal(429, statuses[^1]);
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_GoesHomeInstead()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(16));

        var result = await client.LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword, "//evil.example/x");

        Assert.Equal("/", result.Location);
    }

    [Fact]
    public async Task Logout_ClearsTheCookie()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(17));
        var cookie = LoginClient.AuthCookie(await client.LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword));

        using var http = app.CreateClient(new() { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await http.PostAsync("/account/logout", null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sharesconsole.auth=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetupPage_AdminExists_OffersNoFormAndRefusesToCreate()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(18));

        var page = await client.GetAsync("/account/setup");
        var login = await client.GetAsync("/account/login");

        Assert.Equal(200, page.Status);
        Assert.Contains("data-testid=\"setup-done\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("setup-form", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"login-form\"", login.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsolePage_HasSecurityHeaders()
    {
        using var http = app.CreateClient();

        var response = await http.GetAsync("/account/login");

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task OpenApiAndReference_ServedLocally()
    {
        using var http = app.CreateClient();

        var doc = await http.GetStringAsync("/openapi/v1.json");
        var page = await http.GetStringAsync("/scalar/v1");

        foreach (var path in new[] { "/api/v1/nodes", "/api/v1/operations/switchover", "/api/v1/webhooks/{id}/test", "/api/v1/api-keys", "/api/v1/events" })
        {
            Assert.Contains($"\"{path}\"", doc, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("cdn.jsdelivr", page, StringComparison.OrdinalIgnoreCase);
        var script = System.Text.RegularExpressions.Regex.Match(page, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(script), page);
        Assert.DoesNotContain("//", script, StringComparison.Ordinal);
        var asset = await http.GetAsync(new Uri(new Uri("http://localhost/scalar/v1"), script));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.True(asset.Content.Headers.ContentLength is null or > 10_000, asset.Content.Headers.ContentLength?.ToString());
    }

    [Fact]
    public async Task Api_NoCredentials_Mutation_Returns401WithChallenge()
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.PostAsync("/api/v1/nodes/node-a/drain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("application/problem+json").MediaType, response.Content.Headers.ContentType?.MediaType);
    }
}
