using SharesConsole.Agent.Epochs;
using SharesConsole.Tests.Common.Files;

namespace SharesConsole.Agent.Tests.Epochs;

public sealed class EpochStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Observe_HigherThenLower_PersistsHighestAndRefusesLower()
    {
        using (var store = EpochStore.Open(_dir.Path))
        {
            Assert.Equal((true, 5L), await store.ObserveAsync(5, CancellationToken.None));
            Assert.Equal((true, 5L), await store.ObserveAsync(5, CancellationToken.None));
            Assert.Equal((false, 5L), await store.ObserveAsync(4, CancellationToken.None));
        }

        using var reopened = EpochStore.Open(_dir.Path);
        Assert.Equal(5, reopened.Highest);
        Assert.False(File.Exists(reopened.FilePath + ".tmp"));
    }

    [Fact]
    public void Open_CorruptFile_ThrowsNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "epoch"), "12x");

        var error = Assert.Throws<InvalidDataException>(() => EpochStore.Open(_dir.Path));

        Assert.Contains(Path.Combine(_dir.Path, "epoch"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_ConcurrentEpochs_HighestWins()
    {
        using var store = EpochStore.Open(_dir.Path);

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => store.ObserveAsync(i, CancellationToken.None)));

        Assert.Equal(50, store.Highest);
        Assert.Equal("50", File.ReadAllText(store.FilePath));
    }

    public void Dispose() => _dir.Dispose();
}
