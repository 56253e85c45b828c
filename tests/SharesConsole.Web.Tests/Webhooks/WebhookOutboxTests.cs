using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Tests.Hosting;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>
/// Webhooks fed from the audit log in the database: nothing recorded is lost (a burst, a crash between storing and
/// publishing), nothing is sent twice, and one receiver sees its events in the order they were recorded.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class WebhookOutboxTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Burst_TenThousandEventsRecorded_AllReachTheReceiverInOrder()
    {
        const int Count = 10_000;
        const int Writers = 4;
        using var data = new TempDirectory("sc-outbox-");
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(25));
        await using var host = new WebhookTestHost(data.Path);
        await host.SubscribeAsync(receiver.Url, EventKinds.ServiceRestarted);
        var recorder = host.Services.GetRequiredService<IEventRecorder>();

        var clock = Stopwatch.StartNew();
        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = writer; i < Count; i += Writers)
            {
                var recorded = await recorder.RecordAsync(EventKinds.ServiceRestarted, $"{WebhookTestHost.Marker} {i}", "node-b", "burst");
                ids.Add(recorded.Id);
            }

            return ids;
        })));
        var recordedIn = clock.Elapsed;
        var received = await ReceiveAsync(receiver, Count);
        output.WriteLine($"{Count} events recorded by {Writers} writers in {recordedIn.TotalSeconds:F1} s; all received {clock.Elapsed.TotalSeconds:F1} s after the first was recorded");

        AssertSameSequence([.. written.SelectMany(ids => ids).Order()], received);
    }

    [Fact]
    public async Task StoredButNeverPublished_ControlPlaneRestarts_EachEventDeliveredOnceInOrder()
    {
        using var data = new TempDirectory("sc-outbox-");
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(26));
        var stored = new List<long>();
        WebhookRecord webhook;
        await using (var first = new WebhookTestHost(data.Path))
        {
            webhook = await first.SubscribeAsync(receiver.Url, EventKinds.ServiceFailed);

            // The dispatcher stops as the process would in a crash: these events are stored and never published.
            await first.Services.GetRequiredService<WebhookDispatcher>().StopAsync(CancellationToken.None);
            for (var i = 0; i < 50; i++)
            {
                stored.Add(await first.StoreOnlyAsync(EventKinds.ServiceFailed, i));
            }
        }

        var beforeRestart = await MarkedLeftoverAsync(receiver);
        await using var second = new WebhookTestHost(data.Path);

        // And with the dispatcher running: stored, not published (found by polling).
        for (var i = 50; i < 100; i++)
        {
            stored.Add(await second.StoreOnlyAsync(EventKinds.ServiceFailed, i));
        }

        var received = await ReceiveAsync(receiver, stored.Count);
        var store = second.Services.GetRequiredService<IWebhookStore>();
        var deliveries = await Poll.UntilAsync(
            () => store.ListDeliveriesAsync(webhook.Id, 500, CancellationToken.None),
            all => all.Count >= stored.Count && all.All(d => d.Status == DeliveryStatus.Delivered),
            "every delivery to be recorded as delivered",
            Wait,
            all => string.Join(", ", all.GroupBy(d => d.Status).Select(g => $"{g.Count()} {g.Key}")));

        Assert.Equal(0, beforeRestart);
        AssertSameSequence(stored, received);
        Assert.Equal(stored.Count, deliveries.Count);
        Assert.Equal(stored.Order(), deliveries.Select(d => d.ClusterEventId!.Value).Order());
        Assert.Equal(0, await MarkedLeftoverAsync(receiver));
    }

    [Fact]
    public async Task StoredButNeverPublished_NothingWakesTheDispatcher_DeliveredByItsPoll()
    {
        using var data = new TempDirectory("sc-outbox-");
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(28));
        await using var host = new WebhookTestHost(data.Path, new Dictionary<string, string> { ["Webhooks:PollIntervalMs"] = "300" }, silentFeed: true);
        await host.SubscribeAsync(receiver.Url, EventKinds.ServiceFailed);
        var store = host.Services.GetRequiredService<IWebhookStore>();
        var events = host.Services.GetRequiredService<EventStore>();

        // Once the dispatcher has caught up, only its poll can find the events stored next.
        await Poll.UntilAsync(
            async () => await store.GetCursorAsync(CancellationToken.None) >= ((await events.QueryAsync(new() { Limit = 1 }, CancellationToken.None)).Items.FirstOrDefault()?.Id ?? 0),
            "the dispatcher to reach the newest event",
            Wait);
        var stored = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add(await host.StoreOnlyAsync(EventKinds.ServiceFailed, i));
        }

        AssertSameSequence(stored, await ReceiveAsync(receiver, stored.Count));
    }

    [Fact]
    public async Task ReceiverFailsTheFirstEvent_LaterEventsWaitForItsRetries()
    {
        using var data = new TempDirectory("sc-outbox-");
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(27));
        receiver.AnswerNext(500, 500);
        await using var host = new WebhookTestHost(data.Path);
        await host.SubscribeAsync(receiver.Url, EventKinds.NodeMaintenance);
        var recorder = host.Services.GetRequiredService<IEventRecorder>();

        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await recorder.RecordAsync(EventKinds.NodeMaintenance, $"{WebhookTestHost.Marker} {i}", "node-b")).Id);
        }

        var received = await ReceiveAsync(receiver, 7);

        AssertSameSequence([ids[0], ids[0], ids[0], .. ids.Skip(1)], received);
    }

    private static (long EventId, string Message) Read(WebhookReceiver.Received request)
    {
        var data = JsonDocument.Parse(request.Body).RootElement.GetProperty("data");
        return (data.GetProperty("eventId").GetInt64(), data.GetProperty("message").GetString() ?? "");
    }

    /// <summary>The cluster event ids of the next <paramref name="count"/> requests carrying this test's events, in arrival order.</summary>
    private static async Task<List<long>> ReceiveAsync(WebhookReceiver receiver, int count)
    {
        var ids = new List<long>();
        while (ids.Count < count)
        {
            WebhookReceiver.Received request;
            try
            {
                request = await receiver.NextAsync(Wait);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Received {ids.Count} of {count} events; nothing more came within {Wait.TotalSeconds} s. Last: {(ids.Count > 0 ? ids[^1] : 0)}.");
            }

            var (eventId, message) = Read(request);
            if (message.StartsWith(WebhookTestHost.Marker, StringComparison.Ordinal))
            {
                ids.Add(eventId);
            }
        }

        return ids;
    }

    /// <summary>How many of the requests the test has not taken carry its events (a duplicate would be one).</summary>
    private static async Task<int> MarkedLeftoverAsync(WebhookReceiver receiver)
    {
        var marked = 0;
        while (receiver.Waiting > 0)
        {
            var request = await receiver.NextAsync(Wait);
            marked += Read(request).Message.StartsWith(WebhookTestHost.Marker, StringComparison.Ordinal) ? 1 : 0;
        }

        return marked;
    }

    private static void AssertSameSequence(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(
            at < 0 && expected.Count == actual.Count,
            at < 0
                ? $"expected {expected.Count} events, received {actual.Count}"
                : $"first difference at #{at}: expected event {expected[at]}, received {actual[at]} (then {string.Join(", ", actual.Skip(at + 1).Take(5))})");
    }
}
