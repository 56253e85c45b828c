using System.Net;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Auth;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Agents.Authentication;

/// <summary>The agent hub accepts a node's own token and nothing else; a node token is no credential anywhere else.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class NodeTokenAuthenticationTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task AgentHub_EveryKindOfCredential_OnlyTheNodesOwnTokenIsLetIn()
    {
        var token = await AgentTestClient.EnrollAsync(app, "hub-auth-node", "127.0.9.40");
        var other = await AgentTestClient.EnrollAsync(app, "hub-auth-other", "127.0.9.41");
        var adminKey = await new TestCallers(app).KeyAsync(Caller.Admin);
        var login = new LoginClient(app.Server, Loopback.Web.Address(42));
        var cookie = LoginClient.AuthCookie(await login.LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword));
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        const string node = "hub-auth-node";

        var bearer = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + token));
        var header = await AgentTestClient.NegotiateAsync(client, node, (AgentHubProtocol.TokenHeader, token));
        var none = await AgentTestClient.NegotiateAsync(client, node);
        var inQuery = await AgentTestClient.NegotiateAsync(client, node, "&access_token=" + Uri.EscapeDataString(token));
        var wrong = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + token[..^2] + "xx"));
        var otherNodesToken = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + other));
        var tokenForOtherName = await AgentTestClient.NegotiateAsync(client, "node-a", ("Authorization", "Bearer " + token));
        var apiKey = await AgentTestClient.NegotiateAsync(client, node, (AuthSchemes.ApiKeyHeader, adminKey));
        var console = await AgentTestClient.NegotiateAsync(client, node, ("Cookie", cookie!));
        await RemoveAsync("hub-auth-node", "hub-auth-other");

        Assert.NotNull(cookie);
        Assert.Equal(HttpStatusCode.OK, bearer);
        Assert.Equal(HttpStatusCode.OK, header);
        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Equal(HttpStatusCode.Unauthorized, inQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, otherNodesToken);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenForOtherName);
        Assert.Equal(HttpStatusCode.Unauthorized, apiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, console);
    }

    [Theory]
    [InlineData("GET", "/api/v1/cluster")]
    [InlineData("GET", "/api/v1/nodes")]
    [InlineData("POST", "/api/v1/nodes/node-b/drain")]
    [InlineData("POST", "/api/v1/operations/drill")]
    [InlineData("GET", "/api/v1/api-keys")]
    [InlineData("GET", "/api/v1/webhooks")]
    [InlineData("GET", "/jobs")]
    [InlineData("GET", "/nodes")]
    public async Task NodeToken_OnAnyOtherEndpoint_IsRefused(string method, string path)
    {
        var node = "token-elsewhere-" + Guid.NewGuid().ToString("N")[..8];
        var token = await AgentTestClient.EnrollAsync(app, node, "127.0.9.43");
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();

        foreach (var (name, value) in new[] { ("Authorization", "Bearer " + token), (AgentHubProtocol.TokenHeader, token) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?{AgentHubProtocol.NodeQuery}={node}&access_token={token}");
            request.Headers.TryAddWithoutValidation(name, value);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        await RemoveAsync(node);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{method} {path}: {s}"));
    }

    private async Task RemoveAsync(params string[] nodes)
    {
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        foreach (var node in nodes)
        {
            using var response = await admin.DeleteAsync($"/api/v1/nodes/{node}");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }
}
