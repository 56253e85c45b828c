using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

/// <summary>
/// Webhook delivery from the durable event log, on the library's services and a real HTTP receiver: a burst loses
/// nothing and keeps its order through retries, and an event stored but never published (a crash in between) is
/// delivered all the same.
/// </summary>
public sealed class WebhookOutboxTests(ITestOutputHelper output)
{
    /// <summary>No timing bound: only a broken build gets near it (the suites share two cores).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task RecordAsync_TenThousandEventsInABurst_EachReachesTheReceiverOnceInOrderSigned()
    {
        const int Count = 10_000;
        const int Writers = 4;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        int[] failAt = [0, .. Enumerable.Range(0, 4).Select(_ => random.Next(1, Count))];
        output.WriteLine($"Seed {seed}: the receiver answers 500 to the first attempt at positions {string.Join(", ", failAt)}.");
        await using var receiver = await WebhookReceiver.StartAsync(failAt);
        await using var harness = await ControlPlaneHarness.CreateAsync(services =>
        {
            // Real time, so a retry's backoff (1 s) passes on its own.
            services.Replace(ServiceDescriptor.Singleton(TimeProvider.System));
            services.Configure<WebhookOptions>(o => o.RetryBaseSeconds = 1);
        });
        await SubscribeAsync(harness, receiver, EventKinds.ServiceRestarted);
        await harness.StartAsync<WebhookDispatcher>();
        var recorder = harness.Get<IEventRecorder>();

        var clock = Stopwatch.StartNew();
        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = writer; i < Count; i += Writers)
            {
                ids.Add((await recorder.RecordAsync(EventKinds.ServiceRestarted, $"burst {i}", "node-b", "nginx")).Id);
            }

            return ids;
        })));
        var recordedIn = clock.Elapsed;
        await Poll.UntilAsync(() => receiver.AcceptedCount >= Count, $"all {Count} events to be accepted", Deadline, () => Describe(receiver, harness));
        output.WriteLine($"{Count} events recorded by {Writers} writers in {recordedIn.TotalSeconds:F1} s; all accepted {clock.Elapsed.TotalSeconds:F1} s after the first was recorded ({receiver.Requests.Count} requests).");

        List<long> expected = [.. written.SelectMany(ids => ids).Order()];
        AssertSameSequence(expected, receiver.Accepted);
        Assert.Equal(0, receiver.BadSignatures);

        // A failed event is tried again before any later one is sent.
        AssertSameSequence([.. expected.SelectMany((id, at) => failAt.Contains(at) ? new[] { id, id } : [id])], receiver.Requests);
    }

    [Fact]
    public async Task AppendAsync_StoredButNeverPublished_DeliveredAfterTheControlPlaneRestarts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var harness = await ControlPlaneHarness.CreateAsync();
        receiver.Now = () => harness.Time.GetUtcNow();
        try
        {
            var webhook = await SubscribeAsync(harness, receiver, EventKinds.NodeMaintenance);
            var dispatcher = await harness.StartAsync<WebhookDispatcher>();
            var live = await harness.Get<IEventRecorder>().RecordAsync(EventKinds.NodeMaintenance, "recorded and published", "node-b");
            await DeliveredAsync(harness, webhook, 1);

            // The crash: the event is in the database, and the process dies before it is published (or polled for).
            await dispatcher.StopAsync(CancellationToken.None);
            var stored = await harness.Get<EventStore>().AppendAsync(
                new ClusterEvent { Time = harness.Time.GetUtcNow(), Kind = EventKinds.NodeMaintenance, Node = "node-b", Message = "stored, never published" },
                null,
                CancellationToken.None);
            harness = await harness.RestartAsync();
            await harness.StartAsync<WebhookDispatcher>();

            await DeliveredAsync(harness, webhook, 2);
            Assert.Equal([live.Id, stored.Id], receiver.Accepted);
            Assert.Equal(0, receiver.BadSignatures);
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task AppendAsync_StoredButNeverPublished_DeliveredByTheDispatchersPoll()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await ControlPlaneHarness.CreateAsync(services =>
            services.Replace(ServiceDescriptor.Singleton<IClusterEventFeed>(new SilentFeed())));
        receiver.Now = () => harness.Time.GetUtcNow();
        var webhook = await SubscribeAsync(harness, receiver, EventKinds.NodeMaintenance);
        var events = harness.Get<EventStore>();
        var first = await AppendAsync(events, harness, "found at start");
        await harness.StartAsync<WebhookDispatcher>();

        // With its cursor past the first event, the dispatcher waits: nothing wakes it but its poll interval.
        await DeliveredAsync(harness, webhook, 1);
        var second = await AppendAsync(events, harness, "found by the poll");
        var poll = TimeSpan.FromMilliseconds(harness.Get<IOptions<WebhookOptions>>().Value.PollIntervalMs);
        await Poll.AdvancingUntilAsync(harness.Time, poll, () => receiver.AcceptedCount >= 2, "the second event to be found by the poll");

        Assert.Equal([first.Id, second.Id], receiver.Accepted);
    }

    private static Task<WebhookRecord> SubscribeAsync(ControlPlaneHarness harness, WebhookReceiver receiver, string kind) =>
        harness.Get<IWebhookStore>().AddAsync(
            new WebhookRecord { Name = "receiver", Url = receiver.Url.ToString(), Secret = receiver.Secret, EventKinds = [kind], CreatedAt = harness.Time.GetUtcNow() },
            CancellationToken.None);

    private static Task<ClusterEvent> AppendAsync(EventStore events, ControlPlaneHarness harness, string message) =>
        events.AppendAsync(new ClusterEvent { Time = harness.Time.GetUtcNow(), Kind = EventKinds.NodeMaintenance, Node = "node-b", Message = message }, null, CancellationToken.None);

    /// <summary>Until the webhook has <paramref name="count"/> deliveries, every one recorded as delivered.</summary>
    private static Task DeliveredAsync(ControlPlaneHarness harness, WebhookRecord webhook, int count) =>
        Poll.UntilAsync(
            () => harness.Get<IWebhookStore>().ListDeliveriesAsync(webhook.Id, 100, CancellationToken.None),
            all => all.Count == count && all.All(d => d.Status == DeliveryStatus.Delivered),
            $"{count} deliveries recorded as delivered",
            Deadline,
            all => string.Join(", ", all.Select(d => $"#{d.ClusterEventId} {d.Status} after {d.Attempt} attempt(s)")));

    private static string Describe(WebhookReceiver receiver, ControlPlaneHarness harness) =>
        $"{receiver.Describe()}; failed delivery work: {string.Join(" | ", ((TaskWebhookQueue)harness.Get<IWebhookDeliveryQueue>()).Failures.Select(e => e.Message))}";

    private static void AssertSameSequence(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(
            at < 0 && expected.Count == actual.Count,
            at < 0
                ? $"expected {expected.Count} events, got {actual.Count}"
                : $"first difference at #{at}: expected event {expected[at]}, got {actual[at]} (then {string.Join(", ", actual.Skip(at + 1).Take(5))})");
    }

    /// <summary>A live feed that never yields: nothing but the poll wakes the dispatcher.</summary>
    private sealed class SilentFeed : IClusterEventFeed
    {
        public async IAsyncEnumerable<ClusterEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
