using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private EventStore Events => Db.Get<EventStore>();

    private async Task<List<ClusterEvent>> AppendEventsAsync(int count)
    {
        var appended = new List<ClusterEvent>();
        for (var i = 0; i < count; i++)
        {
            var value = new ClusterEvent
            {
                Time = Db.Time.GetUtcNow(),
                Kind = i % 3 == 0 ? EventKinds.NodeDown : EventKinds.ServiceFailed,
                Severity = i % 3 == 0 ? EventSeverity.Error : EventSeverity.Warning,
                Node = i % 2 == 0 ? "node-a" : "node-b",
                Service = i % 3 == 0 ? null : "mysqld",
                Message = $"event {i}",
            };
            appended.Add(await Events.AppendAsync(value, i == 0 ? "{\"n\":0}" : null, CancellationToken.None));
            Db.Time.Advance(TimeSpan.FromSeconds(10));
        }

        return appended;
    }

    [Fact]
    public async Task AppendAsync_Event_RoundTripsWithIdAndData()
    {
        var operation = Guid.NewGuid();
        var appended = await Events.AppendAsync(
            new ClusterEvent { Time = Db.Time.GetUtcNow(), Kind = EventKinds.EpochRaised, Node = "node-b", OperationId = operation, Message = "epoch 2" },
            "{\"epoch\":2}",
            CancellationToken.None);

        var page = await Events.QueryAsync(new EventQuery(), CancellationToken.None);

        Assert.True(appended.Id > 0);
        Assert.Equal(appended, Assert.Single(page.Items));
        Assert.Equal("{\"epoch\":2}", await Events.GetDataJsonAsync(appended.Id, CancellationToken.None));
    }

    [Fact]
    public async Task QueryAsync_SinceCursor_ReturnsOnlyNewerOldestFirst()
    {
        var all = await AppendEventsAsync(7);

        var page = await Events.QueryAsync(new EventQuery { AfterId = all[2].Id, Limit = 3 }, CancellationToken.None);
        var rest = await Events.QueryAsync(new EventQuery { AfterId = page.NextCursor, Limit = 3 }, CancellationToken.None);
        var none = await Events.QueryAsync(new EventQuery { AfterId = rest.NextCursor }, CancellationToken.None);

        Assert.Equal(all.Skip(3).Take(3), page.Items);
        Assert.Equal(all.Skip(6), rest.Items);
        Assert.Empty(none.Items);
        Assert.Equal(all[6].Id, none.NextCursor);
    }

    [Fact]
    public async Task QueryAsync_PagingBackwards_VisitsEveryEventOnceNewestFirst()
    {
        var all = await AppendEventsAsync(11);
        var seen = new List<ClusterEvent>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Events.QueryAsync(new EventQuery { BeforeId = cursor, Limit = 4 }, CancellationToken.None);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(all), seen);
    }

    [Fact]
    public async Task QueryAsync_Filters_MatchNodeServiceKindAndTime()
    {
        var all = await AppendEventsAsync(9);

        var byNode = await Events.QueryAsync(new EventQuery { Node = "NODE-A" }, CancellationToken.None);
        var byService = await Events.QueryAsync(new EventQuery { Service = "mysqld", Kind = EventKinds.ServiceFailed }, CancellationToken.None);
        var byTime = await Events.QueryAsync(new EventQuery { From = all[2].Time, To = all[5].Time }, CancellationToken.None);

        Assert.Equal(all.Where(e => e.Node == "node-a").Reverse(), byNode.Items);
        Assert.Equal(all.Where(e => e.Service == "mysqld").Reverse(), byService.Items);
        Assert.Equal(all.Skip(2).Take(3).Reverse(), byTime.Items);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(EventQuery.MaxLimit + 1)]
    public async Task QueryAsync_LimitOutOfRange_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Events.QueryAsync(new EventQuery { Limit = limit }, CancellationToken.None));
    }
}
