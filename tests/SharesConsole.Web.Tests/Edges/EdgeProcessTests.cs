using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Edge;
using SharesConsole.Edge.Remote;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.EndToEnd;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Edges;

/// <summary>
/// A control plane on real Kestrel with its edge apart (<c>Edge:Embedded=false</c>) and an edge host built as the
/// <c>SharesConsole.Edge</c> executable builds it, talking over <c>/hubs/edges</c>.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class EdgeProcessTests
{
    private static readonly IPAddress ControlPlaneAddress = IPAddress.Parse("127.0.9.120");

    [Fact]
    public async Task Edge_EnrolledAndConnected_RunsTheControlPlanesConfigurationAndFollowsItsChanges()
    {
        using var data = new TempDirectory();
        await using var cp = StartControlPlane(data.Path);
        using var admin = await AdminAsync(cp);
        var token = await IssueTokenAsync(admin, "Edge-T", HttpStatusCode.Created);
        var snapshot = Path.Combine(data.Path, "edge", "snapshot.json");
        using var edge = BuildEdge(cp.Url, "edge-t", token, snapshot);

        await edge.StartAsync().WaitAsync("the edge host starts");
        var client = edge.Services.GetRequiredService<ControlPlaneClient>();
        await Poll.UntilAsync(() => client.Serving && client.ConnectedTo is not null, "the edge connects and serves");
        var listed = await Poll.UntilAsync(() => ListAsync(admin), e => e.Length == 1 && e[0].GetProperty("up").GetBoolean(), "the edge listed up");
        var publisher = cp.Services.GetRequiredService<EdgeConfigPublisher>();

        Assert.Equal("edge-t", listed[0].GetProperty("name").GetString());
        Assert.True(listed[0].GetProperty("configCurrent").GetBoolean());
        Assert.Equal(publisher.Current.Version, listed[0].GetProperty("configVersion").GetString());
        await Poll.UntilAsync(() => new EdgeSnapshotFile(snapshot).TryRead(out _)?.Version == publisher.Current.Version, "the edge saves the configuration in its snapshot");

        using var drained = await admin.PostAsync("/api/v1/nodes/node-b/drain", null);
        Assert.Equal(HttpStatusCode.NoContent, drained.StatusCode);
        var topology = edge.Services.GetRequiredService<RemoteTopologySource>();
        await Poll.UntilAsync(() => topology.Current.Find("node-b")!.IsDrained, "the edge receives the drain");
        Assert.Equal(publisher.Current.Version, topology.Version);
        await edge.StopAsync().WaitAsync("the edge host stops");
    }

    [Fact]
    public async Task Edge_TokenRotated_OldTokenRefusedAndTheEdgeKeepsServing_EdgeDownRecorded()
    {
        using var data = new TempDirectory();
        await using var cp = StartControlPlane(data.Path);
        using var admin = await AdminAsync(cp);
        var token = await IssueTokenAsync(admin, "edge-r", HttpStatusCode.Created);
        using var edge = BuildEdge(cp.Url, "edge-r", token, Path.Combine(data.Path, "edge", "snapshot.json"));
        await edge.StartAsync().WaitAsync("the edge host starts");
        var client = edge.Services.GetRequiredService<ControlPlaneClient>();
        await Poll.UntilAsync(() => client.Serving && client.ConnectedTo is not null, "the edge connects and serves");
        await Poll.UntilAsync(() => ListAsync(admin), e => e.Length == 1 && e[0].GetProperty("up").GetBoolean(), "the edge listed up");
        // The monitor looks once a second; this look makes sure it saw the edge up before the rotation takes it down.
        var monitor = cp.Services.GetServices<IHostedService>().OfType<EdgeMonitor>().Single();
        await monitor.LookAsync(CancellationToken.None);

        var rotated = await IssueTokenAsync(admin, "edge-r", HttpStatusCode.OK);

        Assert.NotEqual(token, rotated);
        await Poll.UntilAsync(() => client.ConnectedTo is null, "the edge's connection with the old token closes");
        Assert.True(client.Serving);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(cp, "edge-r", token));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(cp, "edge-x", rotated));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(cp, "edge-r", rotated));
        await Poll.UntilAsync(() => EventsAsync(admin, "edge.down"), n => n == 1, "edge.down recorded once");
        await edge.StopAsync().WaitAsync("the edge host stops");
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a\u00e9")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task IssueToken_BadName_400(string name)
    {
        using var data = new TempDirectory();
        await using var cp = new IsolatedHost(data.Path);
        using var admin = await new TestCallers(cp).ClientAsync(Caller.Admin);

        using var response = await admin.PostAsync($"/api/v1/edges/{Uri.EscapeDataString(name)}/token", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static E2eControlPlane StartControlPlane(string data)
    {
        var cp = new E2eControlPlane(data, ControlPlaneAddress, Ports.FreeTcp(ControlPlaneAddress), new Dictionary<string, string>
        {
            ["Lab:Enabled"] = "false",
            ["Edge:Embedded"] = "false",
            ["Dns:Enabled"] = "false",
            ["Cluster:Vip"] = "127.0.9.121",
        });
        cp.StartServer();
        return cp;
    }

    /// <summary>An API client over real HTTP (the edge host talks to the same Kestrel).</summary>
    private static async Task<HttpClient> AdminAsync(E2eControlPlane cp)
    {
        var client = new HttpClient { BaseAddress = new Uri(cp.Url) };
        client.DefaultRequestHeaders.Add(AuthSchemes.ApiKeyHeader, await new TestCallers(cp).KeyAsync(Caller.Admin));
        return client;
    }

    private static IHost BuildEdge(string controlPlane, string name, string token, string snapshot)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EdgeHost:Name"] = name,
            ["EdgeHost:ControlPlaneUrls:0"] = controlPlane,
            ["EdgeHost:Token"] = token,
            ["EdgeHost:SnapshotPath"] = snapshot,
            ["EdgeHost:ReportInterval"] = "00:00:00.200",
            ["Dns:Enabled"] = "false",
            ["Edge:TransferPath"] = "Relay",
        });
        builder.Services.AddLogging();
        builder.Services.AddSharesRemoteEdge(builder.Configuration);
        return builder.Build();
    }

    private static async Task<string> IssueTokenAsync(HttpClient admin, string name, HttpStatusCode expected)
    {
        using var response = await admin.PostAsync($"/api/v1/edges/{name}/token", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(name.ToLowerInvariant(), json.GetProperty("name").GetString());
        return json.GetProperty("edgeToken").GetString()!;
    }

    private static async Task<JsonElement[]> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/edges");
        response.EnsureSuccessStatusCode();
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    private static async Task<int> EventsAsync(HttpClient client, string kind)
    {
        using var response = await client.GetAsync($"/api/v1/events?kind={kind}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength();
    }

    private static async Task<HttpStatusCode> NegotiateAsync(E2eControlPlane cp, string edge, string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(cp.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{EdgeHubProtocol.Path}/negotiate?negotiateVersion=1&{EdgeHubProtocol.EdgeQuery}={edge}");
        request.Headers.TryAddWithoutValidation(EdgeHubProtocol.TokenHeader, token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
