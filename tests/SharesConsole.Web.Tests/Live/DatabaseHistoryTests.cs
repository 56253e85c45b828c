using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Edge.Counters;
using SharesConsole.Web.Live;
using SharesConsole.Web.Tests.Hosting;
using StoredSample = SharesConsole.Data.Stores.TrafficSample;

namespace SharesConsole.Web.Tests.Live;

/// <summary>The console pages' history comes from the database of the running host, not from memory.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class DatabaseHistoryTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task EventHistory_EventWrittenToStore_FoundWithFilters()
    {
        var history = app.Services.GetRequiredService<IEventHistory>();
        var store = app.Services.GetRequiredService<EventStore>();
        var saved = await store.AppendAsync(new ClusterEvent
        {
            Time = DateTimeOffset.UtcNow, Kind = "history-test", Message = "from the database", Node = "node-b", Service = "crond",
        }, null, CancellationToken.None);

        var found = await history.QueryAsync(new Web.Live.EventQuery { Kind = "history-test", Node = "node-b", From = DateTimeOffset.UtcNow.AddMinutes(-5) }, CancellationToken.None);
        var none = await history.QueryAsync(new Web.Live.EventQuery { Kind = "history-test", Node = "node-a" }, CancellationToken.None);

        Assert.IsType<DatabaseEventHistory>(history);
        Assert.Equal(saved.Id, Assert.Single(found).Id);
        Assert.Empty(none);
    }

    [Fact]
    public async Task TrafficHistory_MinuteRowsInStore_RatesPerSecondGroupedByMinute()
    {
        var history = app.Services.GetRequiredService<ITrafficHistory>();
        var store = app.Services.GetRequiredService<TrafficStore>();
        var minute = StoredSample.TruncateToMinute(DateTimeOffset.UtcNow.AddDays(-2));
        await store.UpsertAsync(
        [
            new StoredSample { Node = "history-a", Protocol = "Web", Minute = minute, Requests = 120, BytesIn = 600, BytesOut = 6000, Connections = 4 },
            new StoredSample { Node = "history-a", Protocol = "Fasp", Minute = minute, UdpFlows = 7 },
            new StoredSample { Node = "history-a", Protocol = "Web", Minute = minute.AddMinutes(1), Requests = 60 },
        ], CancellationToken.None);

        var samples = await history.MinutesAsync(minute, minute.AddMinutes(2), CancellationToken.None);

        Assert.IsType<DatabaseTrafficHistory>(history);
        Assert.Equal([minute, minute.AddMinutes(1)], samples.Select(s => s.Time));
        var first = samples[0].Rates.Where(r => r.Node == "history-a").ToList();
        var web = Assert.Single(first, r => r.Protocol == EdgeProtocol.Web);
        Assert.Equal(2.0, web.RequestsPerSecond);
        Assert.Equal(100.0, web.BytesOutPerSecond);
        Assert.Equal(4, web.OpenConnections);
        Assert.Equal(7, Assert.Single(first, r => r.Protocol == EdgeProtocol.Fasp).UdpFlows);
    }

    [Fact]
    public void OperationHistory_DatabaseRegistered_ReadsTheStore() =>
        Assert.IsType<DatabaseOperationHistory>(app.Services.GetRequiredService<IOperationHistory>());
}
