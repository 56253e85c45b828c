using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>Every endpoint × every kind of caller: allowed ones are never 401/403 (nor 5xx), refused ones get exactly that.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class AuthorizationMatrixTests(ConsoleAppFixture app)
{
    private const string Viewer = "Viewer";
    private const string Operator = "Operator";
    private const string Admin = "Admin";

    private static readonly string SettingsBody = """
        {"architecture":"RedirectAll","vip":"127.0.6.20","webFqdn":"shares.test","transferFqdn":"transfer.shares.test","dnsZone":"shares.test",
         "dnsTtlSeconds":5,"webPort":18080,"webTlsPort":0,"sshPort":18022,"faspPort":18022,"faspRangeEnd":18022,"dnsPort":18053,
         "healthIntervalMs":1000,"healthFall":3,"healthRise":2,"healthTimeoutMs":800,"leaseSeconds":10,"autoFailback":false}
        """;

    /// <summary>(method, path, minimum role, JSON body or null).</summary>
    public static TheoryData<string, string, string, string?> Endpoints() => new()
    {
        { "GET", "/api/v1/cluster", Viewer, null },
        { "GET", "/api/v1/cluster/settings", Viewer, null },
        { "PUT", "/api/v1/cluster/settings", Admin, SettingsBody },
        { "GET", "/api/v1/cluster/architecture", Viewer, null },
        { "PUT", "/api/v1/cluster/architecture", Admin, """{"architecture":"RedirectAll"}""" },
        { "GET", "/api/v1/cluster/active-node", Viewer, null },
        { "GET", "/api/v1/cluster/epoch", Viewer, null },
        { "GET", "/api/v1/nodes", Viewer, null },
        { "GET", "/api/v1/nodes/node-a", Viewer, null },
        { "POST", "/api/v1/nodes", Admin, """{"name":"matrix-node","address":"127.0.9.200"}""" },
        { "DELETE", "/api/v1/nodes/matrix-missing", Admin, null },
        { "POST", "/api/v1/nodes/matrix-missing/token", Admin, null },
        { "POST", "/api/v1/nodes/node-b/drain", Operator, null },
        { "POST", "/api/v1/nodes/node-b/undrain", Operator, null },
        { "POST", "/api/v1/nodes/node-b/maintenance", Operator, null },
        { "DELETE", "/api/v1/nodes/node-b/maintenance", Operator, null },
        { "GET", "/api/v1/services", Viewer, null },
        { "GET", "/api/v1/services/placement", Viewer, null },
        { "GET", "/api/v1/operations", Viewer, null },
        { "GET", "/api/v1/operations/00000000-0000-0000-0000-000000000001", Viewer, null },
        { "GET", "/api/v1/operations/00000000-0000-0000-0000-000000000001/steps", Viewer, null },
        { "POST", "/api/v1/operations/switchover", Operator, """{"targetNode":"node-b"}""" },
        { "POST", "/api/v1/operations/drill", Operator, null },
        { "GET", "/api/v1/events", Viewer, null },
        { "GET", "/api/v1/traffic", Viewer, null },
        { "GET", "/api/v1/webhooks", Admin, null },
        { "GET", "/api/v1/webhooks/kinds", Admin, null },
        { "GET", "/api/v1/webhooks/999999", Admin, null },
        { "POST", "/api/v1/webhooks", Admin, """{"name":"matrix","url":"http://127.0.9.250:9/hook","enabled":false}""" },
        { "PUT", "/api/v1/webhooks/999999", Admin, """{"name":"matrix","url":"http://127.0.9.250:9/hook"}""" },
        { "DELETE", "/api/v1/webhooks/999999", Admin, null },
        { "POST", "/api/v1/webhooks/999999/test", Admin, null },
        { "GET", "/api/v1/webhooks/999999/deliveries", Admin, null },
        { "GET", "/api/v1/webhooks/deliveries/999999", Admin, null },
        { "GET", "/api/v1/api-keys", Admin, null },
        { "GET", "/api/v1/api-keys/999999", Admin, null },
        { "POST", "/api/v1/api-keys", Admin, """{"name":"matrix","role":"Viewer"}""" },
        { "DELETE", "/api/v1/api-keys/999999", Admin, null },
        { "POST", "/api/v1/lab/nodes/matrix-missing/crash", Admin, null },
        { "POST", "/api/v1/lab/nodes/matrix-missing/restore", Admin, null },
        { "POST", "/hubs/cluster/negotiate?negotiateVersion=1", Viewer, null },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public Task Endpoint_EveryCaller_AllowedOrRefusedByRole(string method, string path, string minimumRole, string? body) =>
        RunAsync(app, anonymousViewer: true, method, path, minimumRole, body);

    [Fact]
    public async Task HangfireDashboard_OnlyAdmins_AreLetIn()
    {
        var callers = new TestCallers(app);
        foreach (var caller in Enum.GetValues<Caller>())
        {
            using var client = await callers.ClientAsync(caller);

            using var response = await client.GetAsync("/jobs");

            var allowed = caller == Caller.Admin;
            Assert.True(allowed == (response.StatusCode == HttpStatusCode.OK), $"{caller}: {response.StatusCode}");
        }
    }

    /// <summary>Sends the request as every kind of caller and checks each answer against the endpoint's minimum role.</summary>
    internal static async Task RunAsync(WebApplicationFactory<Program> host, bool anonymousViewer, string method, string path, string minimumRole, string? body)
    {
        var callers = new TestCallers(host);
        foreach (var caller in Enum.GetValues<Caller>())
        {
            using var client = await callers.ClientAsync(caller);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var expected = Expected(caller, minimumRole, anonymousViewer);
            var context = $"{method} {path} as {caller}: {status} {await response.Content.ReadAsStringAsync()}";
            if (expected is null)
            {
                Assert.True(status is not (401 or 403) && status < 500, context);
            }
            else
            {
                Assert.True(expected == status, context);
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }

    /// <summary>null when allowed; otherwise 401 (no valid credential) or 403 (role too low).</summary>
    private static int? Expected(Caller caller, string minimumRole, bool anonymousViewer)
    {
        var rank = Rank(minimumRole);
        return caller switch
        {
            Caller.RevokedKey or Caller.ExpiredKey => 401,
            Caller.Anonymous => rank == 0 && anonymousViewer ? null : 401,
            Caller.Viewer => rank <= 0 ? null : 403,
            Caller.Operator => rank <= 1 ? null : 403,
            _ => null,
        };
    }

    private static int Rank(string role) => role switch
    {
        Viewer => 0,
        Operator => 1,
        _ => 2,
    };
}
