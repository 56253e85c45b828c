using SharesConsole.ControlPlane.State;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.State;

public sealed class BroadcastTests
{
    [Fact]
    public async Task ReadAllAsync_SlowReader_KeepsOnlyNewestAndProducerNeverBlocks()
    {
        var broadcast = new Broadcast<string>(capacity: 2);
        using var cts = new CancellationTokenSource();
        await using var reader = broadcast.ReadAllAsync(() => "first", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await reader.MoveNextAsync().WaitAsync("the reader's first value"));
        Assert.Equal("first", reader.Current);

        for (var i = 0; i < 1000; i++)
        {
            broadcast.Publish($"v{i}");
        }

        Assert.True(await reader.MoveNextAsync().WaitAsync("the oldest value kept"));
        Assert.Equal("v998", reader.Current);
        Assert.True(await reader.MoveNextAsync().WaitAsync("the newest value"));
        Assert.Equal("v999", reader.Current);
    }

    [Fact]
    public async Task ReadAllAsync_Cancelled_RemovesTheReader()
    {
        var broadcast = new Broadcast<string>(capacity: 4);
        using var cts = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            var seen = new List<string>();
            try
            {
                await foreach (var value in broadcast.ReadAllAsync(null, cts.Token))
                {
                    seen.Add(value);
                }
            }
            catch (OperationCanceledException)
            {
            }

            return seen;
        });
        await Poll.UntilAsync(() => broadcast.ReaderCount > 0, "the reader to subscribe");

        broadcast.Publish("a");
        await cts.CancelAsync();
        var seen = await reading.WaitAsync("the cancelled reader to end");

        Assert.Equal(0, broadcast.ReaderCount);
        Assert.True(seen.Count <= 1);
    }
}
