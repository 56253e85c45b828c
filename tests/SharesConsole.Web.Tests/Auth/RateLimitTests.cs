using System.Net;
using System.Text.Json;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>
/// A host with tiny limits and an hour-long window (no window can end during the test): the request after the
/// limit gets 429 with Retry-After and a problem-details body, on the API and on the login form.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int ApiLimit = 5;
    private const int LoginLimit = 3;
    private readonly TempDirectory _data = new();
    private IsolatedHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new IsolatedHost(_data.Path, new Dictionary<string, string>
        {
            ["Api:RequestsPerMinute"] = ApiLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:LoginsPerMinute"] = LoginLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:RateLimitWindow"] = "01:00:00",
        });
        _ = _host.Server;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Api_OneRequestOverTheLimit_Returns429ProblemWithRetryAfter()
    {
        using var viewer = await new TestCallers(_host).ClientAsync(Caller.Viewer);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < ApiLimit; i++)
        {
            using var ok = await viewer.GetAsync("/api/v1/cluster/epoch");
            statuses.Add(ok.StatusCode);
        }

        using var limited = await viewer.GetAsync("/api/v1/cluster/epoch");
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        using var otherCaller = await new TestCallers(_host).ClientAsync(Caller.Operator);
        using var notLimited = await otherCaller.GetAsync("/api/v1/cluster/epoch");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertProblem(limited, problem);
        Assert.Equal(HttpStatusCode.OK, notLimited.StatusCode);
    }

    [Fact]
    public async Task Login_OneAttemptOverTheLimit_Returns429ProblemWithRetryAfter()
    {
        var address = Loopback.Web.Address(60);
        var client = new LoginClient(_host.Server, address);
        var statuses = new List<int>();
        for (var i = 0; i < LoginLimit; i++)
        {
            statuses.Add((await client.LoginAsync("nobody", "wrong-password")).Status);
        }

        var limited = await _host.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/account/login";
            c.Request.ContentType = "application/x-www-form-urlencoded";
            c.Request.Body = new MemoryStream("UserName=nobody&Password=wrong-password"u8.ToArray());
            c.Connection.RemoteIpAddress = address;
        }).WaitAsync("the login over the limit");
        using var reader = new StreamReader(limited.Response.Body);
        var text = await reader.ReadToEndAsync().WaitAsync("the body of the refused login");
        Assert.True(text.Length > 0, $"{limited.Response.StatusCode} {limited.Response.ContentType} {string.Join("; ", limited.Response.Headers.Select(h => h.Key + "=" + h.Value))}");
        var problem = JsonDocument.Parse(text).RootElement;
        var otherAddress = await new LoginClient(_host.Server, Loopback.Web.Address(61)).LoginAsync("nobody", "wrong-password");

        Assert.All(statuses, s => Assert.Equal(302, s));
        Assert.Equal(429, limited.Response.StatusCode);
        Assert.StartsWith("application/problem+json", limited.Response.ContentType, StringComparison.Ordinal);
        Assert.True(int.Parse(limited.Response.Headers.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("https://sharesconsole.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(302, otherAddress.Status);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static void AssertProblem(HttpResponseMessage response, JsonElement problem)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, response.Headers.RetryAfter?.ToString());
        Assert.Equal("https://sharesconsole.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
