using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>A control plane of its own over a given data directory (a restart is a second host over the same one), without lab listeners.</summary>
/// <param name="silentFeed">True: the live event feed never yields, so nothing wakes the webhook dispatcher but its poll.</param>
public sealed class WebhookTestHost(string data, IReadOnlyDictionary<string, string>? settings = null, bool silentFeed = false) : WebApplicationFactory<Program>
{
    public const string Marker = "outbox test";

    /// <summary>Subscribes a webhook to <paramref name="kinds"/> straight through the store.</summary>
    public Task<WebhookRecord> SubscribeAsync(Uri url, params string[] kinds) =>
        Services.GetRequiredService<IWebhookStore>().AddAsync(
            new WebhookRecord { Name = "outbox " + Guid.NewGuid().ToString("N")[..6], Url = url.ToString(), Secret = WebhookSignature.NewSecret(), EventKinds = kinds },
            CancellationToken.None);

    /// <summary>Appends an event to the audit log without publishing it, as a process that crashed right after storing it.</summary>
    public async Task<long> StoreOnlyAsync(string kind, int n)
    {
        var stored = await Services.GetRequiredService<EventStore>().AppendAsync(
            new ClusterEvent { Time = DateTimeOffset.UtcNow, Kind = kind, Node = "node-b", Message = $"{Marker} {n}" },
            null,
            CancellationToken.None);
        return stored.Id;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in ConsoleAppFixture.Settings(data))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Edge:Enabled", "false");
        builder.UseSetting("Dns:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (silentFeed)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IClusterEventFeed>();
                services.AddSingleton<IClusterEventFeed, SilentFeed>();
            });
        }
    }

    private sealed class SilentFeed : IClusterEventFeed
    {
        public async IAsyncEnumerable<ClusterEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
