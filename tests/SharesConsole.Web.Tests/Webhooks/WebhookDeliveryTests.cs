using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>Webhooks delivered by Hangfire to a real receiver: signature, retries on 500 and on a down receiver.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class WebhookDeliveryTests(ConsoleAppFixture app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task NodeDrained_SubscribedWebhook_ReceivesSignedPayload()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(21));
        var callers = new TestCallers(app);
        using var admin = await callers.ClientAsync(Caller.Admin);
        var (id, secret) = await CreateAsync(admin, receiver.Url, ["node.drained"]);
        await admin.PostAsync("/api/v1/nodes/node-b/undrain", null);

        var drain = await admin.PostAsync("/api/v1/nodes/node-b/drain", null);
        var received = await receiver.NextAsync(Wait);
        await admin.PostAsync("/api/v1/nodes/node-b/undrain", null);
        await admin.DeleteAsync($"/api/v1/webhooks/{id}");

        Assert.Equal(HttpStatusCode.NoContent, drain.StatusCode);
        Assert.True(WebhookSignature.Verify(secret, received.Signature!, received.Body, received.At), received.Signature);
        Assert.False(WebhookSignature.Verify(secret + "x", received.Signature!, received.Body, received.At));
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("node.drained", payload.GetProperty("kind").GetString());
        Assert.Equal("node-b", payload.GetProperty("subject").GetString());
        Assert.StartsWith("evt_", payload.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(payload.TryGetProperty("time", out _) && payload.TryGetProperty("data", out _));
        var t = long.Parse(received.Signature!.Split(',')[0][2..], System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"signature age {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t} s");
    }

    [Fact]
    public async Task TestSend_ReceiverAnswers500_RetriedUntilDeliveredAndLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(22));
        receiver.AnswerNext(500, 500);
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        var (id, secret) = await CreateAsync(admin, receiver.Url, ["failover.completed"]);

        var send = await admin.PostAsync($"/api/v1/webhooks/{id}/test", null);
        var attempts = new[] { await receiver.NextAsync(Wait), await receiver.NextAsync(Wait), await receiver.NextAsync(Wait) };
        var delivery = await WaitForAsync(admin, send.Headers.Location!, d => d.GetProperty("status").GetString() == "Delivered", "the delivery to be made");

        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        Assert.All(attempts, a => Assert.True(WebhookSignature.Verify(secret, a.Signature!, a.Body, a.At)));
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("statusCode").GetInt32());
        Console.WriteLine($"retry gaps: {(attempts[1].At - attempts[0].At).TotalSeconds:F1} s, {(attempts[2].At - attempts[1].At).TotalSeconds:F1} s");
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries");
        Assert.Equal(1, log.GetArrayLength());
        await admin.DeleteAsync($"/api/v1/webhooks/{id}");
    }

    [Fact]
    public async Task TestSend_ReceiverDown_RetriedAndDeliveredWhenItComesBack()
    {
        var probe = await WebhookReceiver.StartAsync(Loopback.Web.Address(23));
        var url = probe.Url;
        await probe.DisposeAsync();
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        var (id, _) = await CreateAsync(admin, url, ["drill.skipped"]);

        var send = await admin.PostAsync($"/api/v1/webhooks/{id}/test", null);
        var failed = await WaitForAsync(admin, send.Headers.Location!, d => d.GetProperty("attempts").GetInt32() >= 1, "a first failed attempt");
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(23), url.Port);
        var received = await receiver.NextAsync(Wait);
        var delivered = await WaitForAsync(admin, send.Headers.Location!, d => d.GetProperty("status").GetString() == "Delivered", "the delivery to be made once the receiver is back");
        await admin.DeleteAsync($"/api/v1/webhooks/{id}");

        Assert.Equal("Pending", failed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("statusCode").ValueKind);
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
        Assert.Equal("webhook.test", received.Event);
        Assert.True(delivered.GetProperty("attempts").GetInt32() >= 2);
    }

    [Fact]
    public async Task Create_UnknownKindOrBadUrl_NamesTheFields()
    {
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);

        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { name = "x", url = "ftp://127.0.9.1/x", eventKinds = new[] { "node.exploded" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _) && errors.TryGetProperty("eventKinds", out _), errors.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:22/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://localhost:5000/api/v1/cluster")]
    [InlineData("http://2130706433/hook")]
    [InlineData("https://10.1.2.3/hook")]
    public async Task Create_AddressNotAllowed_RefusedNamingTheUrl(string url)
    {
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);

        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { name = "ssrf " + Guid.NewGuid().ToString("N")[..6], url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(WebhookDeliverer.NotAllowedError, errors.GetProperty("url")[0].GetString());
    }

    internal static async Task<(int Id, string Secret)> CreateAsync(HttpClient admin, Uri url, string[] kinds)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { name = "test " + Guid.NewGuid().ToString("N")[..6], url = url.ToString(), eventKinds = kinds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetInt32(), body.GetProperty("secret").GetString()!);
    }

    /// <summary>Reads the delivery at <paramref name="location"/> until <paramref name="done"/> accepts it (cap: <see cref="Wait"/>).</summary>
    internal static Task<JsonElement> WaitForAsync(HttpClient client, Uri location, Func<JsonElement, bool> done, string what) =>
        Poll.UntilAsync(() => client.GetFromJsonAsync<JsonElement>(location), done, $"{what} ({location})", Wait, delivery => "last read: " + delivery);
}
