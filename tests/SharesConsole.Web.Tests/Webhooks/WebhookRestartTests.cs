using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>A delivery that could not be made before the control plane stopped is made by the next process over the same data.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class WebhookRestartTests
{
    [Fact]
    public async Task PendingDelivery_ControlPlaneRestarts_DeliveredByTheNextHost()
    {
        var data = Directory.CreateTempSubdirectory("sharesconsole-restart-").FullName;
        try
        {
            var probe = await WebhookReceiver.StartAsync(Loopback.Web.Address(31));
            var url = probe.Url;
            await probe.DisposeAsync();
            Uri location;
            await using (var first = new RestartHost(data))
            {
                using var admin = await new TestCallers(first).ClientAsync(Caller.Admin);
                var (id, secret) = await WebhookDeliveryTests.CreateAsync(admin, url, ["drill.skipped"]);
                var send = await admin.PostAsync($"/api/v1/webhooks/{id}/test", null);
                location = send.Headers.Location!;
                var failed = await WebhookDeliveryTests.WaitForAsync(admin, location, d => d.GetProperty("attempts").GetInt32() >= 1, "a first failed attempt");
                Assert.Equal("Pending", failed.GetProperty("status").GetString());
                _secret = secret;
            }

            await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(31), url.Port);
            await using var second = new RestartHost(data);
            using var admin2 = await new TestCallers(second).ClientAsync(Caller.Admin);
            _ = await admin2.GetAsync("/api/v1/cluster");

            var received = await receiver.NextAsync(TimeSpan.FromSeconds(90));
            var delivered = await WebhookDeliveryTests.WaitForAsync(admin2, location, d => d.GetProperty("status").GetString() == "Delivered", "the next host to make the delivery");

            Assert.True(SharesConsole.ControlPlane.Events.Webhooks.WebhookSignature.Verify(_secret!, received.Signature!, received.Body, received.At));
            Assert.Equal("Delivered", delivered.GetProperty("status").GetString());
            Assert.Equal(200, delivered.GetProperty("statusCode").GetInt32());
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the file a moment longer; the temp folder is harmless.
            }
        }
    }

    private string? _secret;

    /// <summary>A short-lived control plane over a given data directory.</summary>
    private sealed class RestartHost(string data) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in ConsoleAppFixture.Settings(data))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Webhooks:SweepCron", "*/3 * * * * *");

            // The shared app host owns the lab listeners; this one needs none of them.
            builder.UseSetting("Edge:Enabled", "false");
            builder.UseSetting("Dns:Enabled", "false");
        }
    }
}
