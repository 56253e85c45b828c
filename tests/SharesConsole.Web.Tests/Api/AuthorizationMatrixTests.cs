using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>Every endpoint × every kind of caller: allowed ones get the endpoint's own answer, refused ones exactly 401 or 403.</summary>
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

    /// <summary>(method, path, minimum role, the exact status an allowed caller gets, JSON body or null).</summary>
    public static TheoryData<string, string, string, int, string?> Endpoints() => new()
    {
        { "GET", "/api/v1/cluster", Viewer, 200, null },
        { "GET", "/api/v1/cluster/settings", Viewer, 200, null },
        { "PUT", "/api/v1/cluster/settings", Admin, 200, SettingsBody },
        { "GET", "/api/v1/cluster/architecture", Viewer, 200, null },
        { "PUT", "/api/v1/cluster/architecture", Admin, 200, """{"architecture":"RedirectAll"}""" },
        { "GET", "/api/v1/cluster/active-node", Viewer, 200, null },
        { "GET", "/api/v1/cluster/epoch", Viewer, 200, null },
        { "GET", "/api/v1/nodes", Viewer, 200, null },
        { "GET", "/api/v1/nodes/node-a", Viewer, 200, null },
        { "POST", "/api/v1/nodes", Admin, 201, """{"name":"matrix-node","address":"127.0.9.200"}""" },
        { "DELETE", "/api/v1/nodes/matrix-missing", Admin, 404, null },
        { "POST", "/api/v1/nodes/matrix-missing/token", Admin, 404, null },
        { "POST", "/api/v1/nodes/node-b/drain", Operator, 204, null },
        { "POST", "/api/v1/nodes/node-b/undrain", Operator, 204, null },
        { "POST", "/api/v1/nodes/node-b/maintenance", Operator, 204, null },
        { "DELETE", "/api/v1/nodes/node-b/maintenance", Operator, 204, null },
        { "GET", "/api/v1/services", Viewer, 200, null },
        { "GET", "/api/v1/services/placement", Viewer, 200, null },
        { "GET", "/api/v1/operations", Viewer, 200, null },
        { "GET", "/api/v1/operations/00000000-0000-0000-0000-000000000001", Viewer, 404, null },
        { "GET", "/api/v1/operations/00000000-0000-0000-0000-000000000001/steps", Viewer, 404, null },
        { "POST", "/api/v1/operations/switchover", Operator, 409, """{"targetNode":"node-b"}""" },
        { "POST", "/api/v1/operations/drill", Operator, 409, null },
        { "GET", "/api/v1/operations/scheduled", Viewer, 200, null },
        { "GET", "/api/v1/operations/scheduled/999999", Viewer, 404, null },
        { "POST", "/api/v1/operations/scheduled", Operator, 400, """{"targetNode":"node-b","at":"2020-01-01T00:00:00Z"}""" },
        { "DELETE", "/api/v1/operations/scheduled/999999", Operator, 404, null },
        { "GET", "/api/v1/events", Viewer, 200, null },
        { "GET", "/api/v1/traffic", Viewer, 200, null },
        { "GET", "/api/v1/webhooks", Admin, 200, null },
        { "GET", "/api/v1/webhooks/kinds", Admin, 200, null },
        { "GET", "/api/v1/webhooks/999999", Admin, 404, null },
        { "POST", "/api/v1/webhooks", Admin, 201, """{"name":"matrix","url":"http://127.0.9.250:9/hook","enabled":false}""" },
        { "PUT", "/api/v1/webhooks/999999", Admin, 404, """{"name":"matrix","url":"http://127.0.9.250:9/hook"}""" },
        { "DELETE", "/api/v1/webhooks/999999", Admin, 404, null },
        { "POST", "/api/v1/webhooks/999999/test", Admin, 404, null },
        { "GET", "/api/v1/webhooks/999999/deliveries", Admin, 404, null },
        { "GET", "/api/v1/webhooks/deliveries/999999", Admin, 404, null },
        { "GET", "/api/v1/api-keys", Admin, 200, null },
        { "GET", "/api/v1/api-keys/999999", Admin, 404, null },
        { "POST", "/api/v1/api-keys", Admin, 201, """{"name":"matrix","role":"Viewer"}""" },
        { "DELETE", "/api/v1/api-keys/999999", Admin, 404, null },
        { "DELETE", "/api/v1/users/matrix-missing/sessions", Admin, 404, null },
        { "POST", "/api/v1/lab/nodes/matrix-missing/crash", Admin, 404, null },
        { "POST", "/api/v1/lab/nodes/matrix-missing/restore", Admin, 404, null },
        { "POST", "/hubs/cluster/negotiate?negotiateVersion=1", Viewer, 200, null },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public Task Endpoint_EveryCaller_AllowedOrRefusedByRole(string method, string path, string minimumRole, int allowedStatus, string? body) =>
        RunAsync(app, anonymousViewer: true, method, path, minimumRole, allowedStatus, body);

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
    internal static async Task RunAsync(WebApplicationFactory<Program> host, bool anonymousViewer, string method, string path, string minimumRole, int allowedStatus, string? body)
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
            var refused = Refused(caller, minimumRole, anonymousViewer);
            var context = $"{method} {path} as {caller}: {status} {await response.Content.ReadAsStringAsync()}";
            Assert.True((refused ?? allowedStatus) == status, $"expected {refused ?? allowedStatus}; got {context}");
            if (refused is not null && path.StartsWith("/api/", StringComparison.Ordinal))
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    /// <summary>null when allowed; otherwise 401 (no valid credential) or 403 (role too low).</summary>
    private static int? Refused(Caller caller, string minimumRole, bool anonymousViewer)
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
