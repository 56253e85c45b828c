using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.State;
using SharesConsole.Data;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

/// <summary>
/// Where a delivery may connect (issue #18, finding 6), on the library's services and real sockets: the host is resolved
/// once per attempt and the connection goes to the checked address; addresses that are not public are refused unless
/// allowed; what went wrong reaches the log, while the delivery log says only "not allowed" or "not reached".
/// </summary>
public sealed class WebhookTargetTests
{
    [Fact]
    public async Task Deliver_HostName_ResolvedOnceAndConnectedToTheCheckedAddress()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var resolver = new ScriptedResolver { ["receiver.test"] = [IPAddress.Loopback] };
        await using var harness = await ControlPlaneHarness.CreateAsync(services => services.Replace(ServiceDescriptor.Singleton<IWebhookAddressResolver>(resolver)));
        receiver.Now = () => harness.Time.GetUtcNow();

        var delivery = await SendAsync(harness, $"http://receiver.test:{receiver.Url.Port}/hook", receiver.Secret);

        Assert.True(delivery.Status == DeliveryStatus.Delivered, $"{delivery.Status}: {delivery.Error}");
        Assert.Single(receiver.Accepted);
        Assert.Equal(0, receiver.BadSignatures);
        Assert.Equal(1, resolver.Calls);
    }

    [Fact]
    public async Task Deliver_HostResolvesToMetadataAddress_NotSentAndOnlyTheLogNamesTheAddress()
    {
        var resolver = new ScriptedResolver { ["metadata.test"] = [IPAddress.Parse("169.254.169.254")] };
        var logs = new ListLoggerProvider();
        await using var harness = await ControlPlaneHarness.CreateAsync(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IWebhookAddressResolver>(resolver));
            services.AddSingleton<ILoggerProvider>(logs);
        });

        var delivery = await SendAsync(harness, "http://metadata.test/latest/meta-data/", "whsec_x");

        Assert.Equal(WebhookDeliverer.NotAllowedError, delivery.Error);
        Assert.Null(delivery.StatusCode);
        var logged = Assert.Single(logs.Entries, e => e.Id.Id == 6101);
        Assert.Contains("169.254.169.254", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_LoopbackNotInAllowedNetworks_ReceiverNeverCalled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await ControlPlaneHarness.CreateAsync(services =>
            services.Configure<WebhookOptions>(o => o.AllowedNetworks = ["127.0.0.2"]));

        var delivery = await SendAsync(harness, receiver.Url.ToString(), receiver.Secret);

        Assert.Equal(WebhookDeliverer.NotAllowedError, delivery.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Deliver_ClosedPort_GenericErrorAndTheSocketErrorOnlyInTheLog()
    {
        var port = Ports.FreeTcp(IPAddress.Loopback);
        var logs = new ListLoggerProvider();
        await using var harness = await ControlPlaneHarness.CreateAsync(services => services.AddSingleton<ILoggerProvider>(logs));

        var delivery = await SendAsync(harness, $"http://127.0.0.1:{port}/hook", "whsec_x");

        Assert.StartsWith("The receiver could not be reached or did not answer within ", delivery.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Error, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, e => e.Id.Id == 6101);
        Assert.Contains("refused", logged.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deliver_SecretEncryptedWithLostKeys_NeverSentUnsigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await ControlPlaneHarness.CreateAsync();
        var webhook = await harness.Get<IWebhookStore>().AddAsync(new WebhookRecord { Name = "lost", Url = receiver.Url.ToString(), Secret = "whsec_x", CreatedAt = harness.Time.GetUtcNow() }, CancellationToken.None);
        await using (var db = await harness.Get<IDbContextFactory<SharesDbContext>>().CreateDbContextAsync())
        {
            await db.Webhooks.Where(w => w.Id == webhook.Id).ExecuteUpdateAsync(set => set.SetProperty(w => w.Secret, WebhookSecretProtector.Prefix + "CfDJ8-from-another-key-ring"));
        }

        var delivery = await SendAsync(harness, webhook);

        Assert.Equal(WebhookDeliverer.SecretUnreadableError, delivery.Error);
        Assert.Empty(receiver.Requests);
    }

    /// <summary>Subscribes a webhook to <paramref name="url"/>, makes a test send and returns the delivery after its first attempt.</summary>
    private static async Task<DeliveryRecord> SendAsync(ControlPlaneHarness harness, string url, string secret)
    {
        var webhook = await harness.Get<IWebhookStore>().AddAsync(new WebhookRecord { Name = "target", Url = url, Secret = secret, CreatedAt = harness.Time.GetUtcNow() }, CancellationToken.None);
        return await SendAsync(harness, webhook);
    }

    private static async Task<DeliveryRecord> SendAsync(ControlPlaneHarness harness, WebhookRecord webhook)
    {
        var store = harness.Get<IWebhookStore>();
        var url = webhook.Url;
        var e = new ClusterEvent { Id = 7, Time = harness.Time.GetUtcNow(), Kind = WebhookKinds.Test, Message = "target test" };
        var id = await harness.Get<WebhookDispatcher>().EnqueueAsync(webhook.Id, 7, WebhookKinds.Test, WebhookPayload.From(e, 7).ToJson(), CancellationToken.None);
        return (await Poll.UntilAsync(
            () => store.FindDeliveryAsync(id, CancellationToken.None),
            d => d is { Attempt: >= 1 },
            $"the first attempt of delivery {id} to {url}",
            Bounded.DefaultCap,
            d => $"{d?.Status} after {d?.Attempt} attempt(s): {d?.Error}"))!;
    }

    /// <summary>Answers host names from a table and counts the questions.</summary>
    private sealed class ScriptedResolver : IWebhookAddressResolver
    {
        private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IPAddress[] this[string host]
        {
            set => _answers[host] = value;
        }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(_answers.TryGetValue(host, out var answer) ? answer : []);
        }
    }
}
