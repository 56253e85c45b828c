using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private IApiKeyStore ApiKeys => Db.Get<IApiKeyStore>();

    private ApiKeyRecord ApiKey(string name, string prefix) => new()
    {
        Name = name,
        Prefix = prefix,
        Hash = "sha256-of-" + prefix,
        Role = "Operator",
        CreatedAt = Db.Time.GetUtcNow(),
        ExpiresAt = Db.Time.GetUtcNow().AddDays(30),
    };

    [Fact]
    public async Task ApiKeyAddAsync_ThenFind_RoundTripsEveryField()
    {
        var added = await ApiKeys.AddAsync(ApiKey("ci", "0a1b2c3d"), CancellationToken.None);

        Assert.True(added.Id > 0);
        Assert.Equal(ApiKey("ci", "0a1b2c3d") with { Id = added.Id }, added);
        Assert.Equal(added, await ApiKeys.FindAsync(added.Id, CancellationToken.None));
        Assert.Equal(added, await ApiKeys.FindByPrefixAsync("0a1b2c3d", CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeyFindAsync_Unknown_ReturnsNull()
    {
        await ApiKeys.AddAsync(ApiKey("ci", "0a1b2c3d"), CancellationToken.None);

        Assert.Null(await ApiKeys.FindAsync(-1, CancellationToken.None));
        Assert.Null(await ApiKeys.FindByPrefixAsync("ffffffff", CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeyListAsync_SeveralKeys_InCreationOrder()
    {
        await ApiKeys.AddAsync(ApiKey("b", "bbbbbbbb"), CancellationToken.None);
        await ApiKeys.AddAsync(ApiKey("a", "aaaaaaaa"), CancellationToken.None);
        await ApiKeys.AddAsync(ApiKey("c", "cccccccc"), CancellationToken.None);

        var keys = await ApiKeys.ListAsync(CancellationToken.None);

        Assert.Equal(new[] { "b", "a", "c" }, keys.Select(k => k.Name));
        Assert.Equal(keys.OrderBy(k => k.Id), keys);
    }

    [Fact]
    public async Task ApiKeyAddAsync_SameNameOtherPrefix_BothKept()
    {
        await ApiKeys.AddAsync(ApiKey("ci", "0a1b2c3d"), CancellationToken.None);
        await ApiKeys.AddAsync(ApiKey("ci", "4e5f6a7b"), CancellationToken.None);

        Assert.Equal(2, (await ApiKeys.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ApiKeyAddAsync_PrefixTaken_ThrowsConflictAndKeepsTheFirst()
    {
        var first = await ApiKeys.AddAsync(ApiKey("first", "0a1b2c3d"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => ApiKeys.AddAsync(ApiKey("second", "0a1b2c3d"), CancellationToken.None));

        Assert.Contains("prefix '0a1b2c3d'", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { first }, await ApiKeys.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeyRevokeAsync_Twice_KeepsTheFirstTime()
    {
        var key = await ApiKeys.AddAsync(ApiKey("ci", "0a1b2c3d"), CancellationToken.None);
        var first = Db.Time.GetUtcNow().AddMinutes(1);

        Assert.True(await ApiKeys.RevokeAsync(key.Id, first, CancellationToken.None));
        Assert.True(await ApiKeys.RevokeAsync(key.Id, first.AddHours(1), CancellationToken.None));

        Assert.Equal(key with { RevokedAt = first }, await ApiKeys.FindAsync(key.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeyRevokeAsync_Unknown_ReturnsFalse()
    {
        Assert.False(await ApiKeys.RevokeAsync(12345, Db.Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeyRevokeAsync_OneKey_LeavesTheOthersUsable()
    {
        var revoked = await ApiKeys.AddAsync(ApiKey("a", "aaaaaaaa"), CancellationToken.None);
        var kept = await ApiKeys.AddAsync(ApiKey("b", "bbbbbbbb"), CancellationToken.None);

        await ApiKeys.RevokeAsync(revoked.Id, Db.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(kept, await ApiKeys.FindByPrefixAsync("bbbbbbbb", CancellationToken.None));
    }
}
