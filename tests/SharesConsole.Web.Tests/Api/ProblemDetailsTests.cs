using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>Every kind of bad request gets an RFC 9457 problem with a stable type; never a 500.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class ProblemDetailsTests(ConsoleAppFixture app)
{
    private const string Problems = "https://sharesconsole.dev/problems/";

    [Fact]
    public async Task PutSettings_MalformedJson_Returns400MalformedRequest()
    {
        var problem = await SendAsync(Caller.Admin, "PUT", "/api/v1/cluster/settings", "{\"architecture\": \"RedirectAll\",", HttpStatusCode.BadRequest);

        Assert.Equal(Problems + "malformed-request", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task PutSettings_WrongType_NamesTheField()
    {
        var problem = await SendAsync(Caller.Admin, "PUT", "/api/v1/cluster/settings", """{"webPort":"not a number"}""", HttpStatusCode.BadRequest);

        Assert.Equal(Problems + "validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("webPort", out _), problem.ToString());
    }

    [Fact]
    public async Task PutSettings_MissingFields_NamesEachMissingField()
    {
        var problem = await SendAsync(Caller.Admin, "PUT", "/api/v1/cluster/settings", """{"architecture":"WebOnly","vip":"127.0.6.20"}""", HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "webFqdn", "transferFqdn", "dnsZone", "dnsTtlSeconds", "webPort", "sshPort", "leaseSeconds", "autoFailback" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing from {errors}");
        }

        Assert.False(errors.TryGetProperty("vip", out _));
    }

    [Fact]
    public async Task PutSettings_OutOfRangeValues_NamesEachBadField()
    {
        var body = """
            {"architecture":"RedirectAll","vip":"127.0.6.20","webFqdn":"shares.test","transferFqdn":"transfer.other.test","dnsZone":"shares.test",
             "dnsTtlSeconds":0,"webPort":70000,"webTlsPort":0,"sshPort":18022,"faspPort":18022,"faspRangeEnd":18022,"dnsPort":18053,
             "healthIntervalMs":1000,"healthFall":3,"healthRise":2,"healthTimeoutMs":800,"leaseSeconds":10,"autoFailback":false}
            """;

        var problem = await SendAsync(Caller.Admin, "PUT", "/api/v1/cluster/settings", body, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("webPort", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("dnsTtlSeconds", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("transferFqdn", out _), errors.ToString());
    }

    [Fact]
    public async Task PutArchitecture_UnknownValue_Returns400NamingArchitecture()
    {
        var problem = await SendAsync(Caller.Admin, "PUT", "/api/v1/cluster/architecture", """{"architecture":"Sideways"}""", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("architecture", out _));
    }

    [Fact]
    public async Task Post_OversizedBody_Returns413()
    {
        var huge = "{\"name\":\"" + new string('x', 200_000) + "\"}";

        var problem = await SendAsync(Caller.Admin, "POST", "/api/v1/webhooks", huge, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(Problems + "body-too-large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_OversizedChunkedBody_Returns413()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Admin);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('y', 200_000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/nodes") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_WrongMediaType_Returns415()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Admin);

        using var response = await client.PostAsync("/api/v1/webhooks", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/nodes/no-such-node", "node-not-found")]
    [InlineData("/api/v1/operations/6f0c7c3e-2f7e-4a59-9d6c-3f1f1c7d0a11", "operation-not-found")]
    [InlineData("/api/v1/webhooks/424242", "webhook-not-found")]
    [InlineData("/api/v1/api-keys/424242", "api-key-not-found")]
    [InlineData("/api/v1/no-such-resource", "not-found")]
    public async Task Get_UnknownId_Returns404WithStableType(string path, string type)
    {
        var problem = await SendAsync(Caller.Admin, "GET", path, null, HttpStatusCode.NotFound);

        Assert.Equal(Problems + type, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Drain_UnknownNode_Returns404()
    {
        var problem = await SendAsync(Caller.Operator, "POST", "/api/v1/nodes/ghost/drain", null, HttpStatusCode.NotFound);

        Assert.Equal(Problems + "node-not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Switchover_WhileEngineRefuses_Returns409()
    {
        var problem = await SendAsync(Caller.Operator, "POST", "/api/v1/operations/switchover", """{"targetNode":"node-b"}""", HttpStatusCode.Conflict);

        Assert.Equal(Problems + "operation-conflict", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Switchover_MissingTarget_NamesTargetNode()
    {
        var problem = await SendAsync(Caller.Operator, "POST", "/api/v1/operations/switchover", "{}", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("targetNode", out _));
    }

    [Theory]
    [InlineData("/api/v1/events?limit=abc")]
    [InlineData("/api/v1/events?limit=0")]
    [InlineData("/api/v1/traffic?windowMinutes=-5")]
    [InlineData("/api/v1/operations?limit=100000")]
    public async Task Get_BadQueryValue_Returns400Problem(string path)
    {
        var problem = await SendAsync(Caller.Viewer, "GET", path, null, HttpStatusCode.BadRequest);

        Assert.StartsWith(Problems, problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrollNode_Twice_Returns409AndBadAddressNamesField()
    {
        await SendAsync(Caller.Admin, "POST", "/api/v1/nodes", """{"name":"problem-node","address":"127.0.9.201"}""", HttpStatusCode.Created);

        var conflict = await SendAsync(Caller.Admin, "POST", "/api/v1/nodes", """{"name":"problem-node","address":"127.0.9.201"}""", HttpStatusCode.Conflict);
        var invalid = await SendAsync(Caller.Admin, "POST", "/api/v1/nodes", """{"name":"bad node!","address":"999.1.1.1","webPort":0}""", HttpStatusCode.BadRequest);
        await SendAsync(Caller.Admin, "DELETE", "/api/v1/nodes/problem-node", null, HttpStatusCode.NoContent);

        Assert.Equal(Problems + "node-exists", conflict.GetProperty("type").GetString());
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("address", out _) && errors.TryGetProperty("webPort", out _), errors.ToString());
    }

    [Fact]
    public async Task RemoveNode_ActiveNode_Returns409()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Viewer);
        var active = (await client.GetFromJsonAsync<JsonElement>("/api/v1/cluster/active-node")).GetProperty("activeNode").GetString();

        var problem = await SendAsync(Caller.Admin, "DELETE", $"/api/v1/nodes/{active}", null, HttpStatusCode.Conflict);

        Assert.Equal(Problems + "conflict", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Webhook_NameTaken_Returns409OnCreateAndOnRename()
    {
        var name = "problem-hook-" + Guid.NewGuid().ToString("N")[..8];
        string Body(string n) => $$"""{"name":"{{n}}","url":"http://127.0.9.250:9/hook","enabled":false}""";
        await SendAsync(Caller.Admin, "POST", "/api/v1/webhooks", Body(name), HttpStatusCode.Created);
        await SendAsync(Caller.Admin, "POST", "/api/v1/webhooks", Body(name + "-b"), HttpStatusCode.Created);
        using var client = await new TestCallers(app).ClientAsync(Caller.Admin);
        var ids = (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks")).EnumerateArray()
            .Where(w => w.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal))
            .ToDictionary(w => w.GetProperty("name").GetString()!, w => w.GetProperty("id").GetInt32());

        var created = await SendAsync(Caller.Admin, "POST", "/api/v1/webhooks", Body(name), HttpStatusCode.Conflict);
        var renamed = await SendAsync(Caller.Admin, "PUT", $"/api/v1/webhooks/{ids[name + "-b"]}", Body(name), HttpStatusCode.Conflict);
        foreach (var id in ids.Values)
        {
            await SendAsync(Caller.Admin, "DELETE", $"/api/v1/webhooks/{id}", null, HttpStatusCode.NoContent);
        }

        Assert.Equal(Problems + "conflict", created.GetProperty("type").GetString());
        Assert.Equal(Problems + "conflict", renamed.GetProperty("type").GetString());
        Assert.Equal(2, ids.Count);
    }

    private async Task<JsonElement> SendAsync(Caller caller, string method, string path, string? body, HttpStatusCode expected)
    {
        using var client = await new TestCallers(app).ClientAsync(caller);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        if ((int)expected < 400)
        {
            return default;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
