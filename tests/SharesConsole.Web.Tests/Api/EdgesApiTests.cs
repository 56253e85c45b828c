using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>/api/v1/edges through the real directory and database: enroll, rotate, list, remove, each recorded in the audit log.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class EdgesApiTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task EnrollRotateRemove_TokensDifferListFollowsAndEachIsRecorded()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Admin);
        var name = "api-edge-" + Guid.NewGuid().ToString("N")[..8];

        var enrolled = await client.PostAsync($"/api/v1/edges/{name.ToUpperInvariant()}/token", null);
        var first = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
        var rotated = await client.PostAsync($"/api/v1/edges/{name}/token", null);
        var second = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/edges");
        var removed = await client.DeleteAsync($"/api/v1/edges/{name}");
        var removedAgain = await client.DeleteAsync($"/api/v1/edges/{name}");
        var listedAfter = await client.GetFromJsonAsync<JsonElement>("/api/v1/edges");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (enrolled.StatusCode, rotated.StatusCode));
        Assert.Equal(name, first.GetProperty("name").GetString());
        Assert.NotEqual(first.GetProperty("edgeToken").GetString(), second.GetProperty("edgeToken").GetString());
        var row = Assert.Single(listed.EnumerateArray(), e => e.GetProperty("name").GetString() == name);
        Assert.True(row.GetProperty("enrolled").GetBoolean());
        Assert.False(row.GetProperty("connected").GetBoolean());
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (removed.StatusCode, removedAgain.StatusCode));
        Assert.DoesNotContain(listedAfter.EnumerateArray(), e => e.GetProperty("name").GetString() == name);
        var events = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=200");
        var messages = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? "").Where(m => m.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.Contains(messages, m => m.EndsWith($"enrolled edge {name}.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.EndsWith($"issued a new token for edge {name}; the old one is revoked.", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.EndsWith($"removed edge {name}; its token is revoked.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IssueToken_BadName_400NamingTheFieldAndNothingEnrolled()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Admin);

        var response = await client.PostAsync("/api/v1/edges/bad%20name!/token", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("name", out _), problem.ToString());
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/edges");
        Assert.DoesNotContain(listed.EnumerateArray(), e => e.GetProperty("name").GetString()!.StartsWith("bad", StringComparison.Ordinal));
    }
}
