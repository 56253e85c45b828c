using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using SharesConsole.Core.Agents;
using SharesConsole.Web.Tests.Api;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>Enrolls nodes through the API and talks to /hubs/agents as an agent would (SignalR over the test server).</summary>
internal static class AgentTestClient
{
    public static async Task<string> EnrollAsync(WebApplicationFactory<Program> app, string name, string address)
    {
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/nodes", new { name, address, webTls = false });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("agentToken").GetString()!;
    }

    public static HubConnection Connection(WebApplicationFactory<Program> app, string node, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Server.BaseAddress, $"{AgentHubProtocol.Path}?{AgentHubProtocol.NodeQuery}={Uri.EscapeDataString(node)}"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    /// <summary>POST /hubs/agents/negotiate with the given headers; the status says whether the hub lets the caller in.</summary>
    public static Task<HttpStatusCode> NegotiateAsync(HttpClient client, string node, params (string Name, string Value)[] headers) =>
        NegotiateAsync(client, node, "", headers);

    /// <param name="query">Appended to the negotiate URL, e.g. <c>&amp;access_token=…</c>.</param>
    public static async Task<HttpStatusCode> NegotiateAsync(HttpClient client, string node, string query, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{AgentHubProtocol.Path}/negotiate?negotiateVersion=1&{AgentHubProtocol.NodeQuery}={Uri.EscapeDataString(node)}{query}");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
