using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private ILocalUserStore Users => Db.Get<ILocalUserStore>();

    private LocalUser User(string name, string role = "Viewer") => new()
    {
        UserName = name,
        PasswordHash = "AQAAAAIAAYagAAAAE-hash-of-" + name,
        Role = role,
        CreatedAt = Db.Time.GetUtcNow(),
    };

    [Fact]
    public async Task UserAddAsync_ThenFindInOtherCase_RoundTripsEveryField()
    {
        var added = await Users.AddAsync(User("alice", "Admin"), CancellationToken.None);

        Assert.NotNull(added);
        Assert.True(added.Id > 0);
        Assert.Equal(User("alice", "Admin") with { Id = added.Id }, added);
        Assert.Equal(added, await Users.FindAsync("ALICE", CancellationToken.None));
        Assert.Null(await Users.FindAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task UserAddAsync_NameTakenInOtherCase_ReturnsNullAndKeepsTheFirst()
    {
        var first = await Users.AddAsync(User("alice", "Admin"), CancellationToken.None);

        Assert.Null(await Users.AddAsync(User("Alice", "Viewer"), CancellationToken.None));

        Assert.Equal(first, await Users.FindAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task UserAddAsync_ConcurrentSameName_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Users.AddAsync(User(i % 2 == 0 ? "carol" : "CAROL"), CancellationToken.None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, await Users.FindAsync("carol", CancellationToken.None));
    }

    [Fact]
    public async Task AnyInRoleAsync_OnlyTrueOnceSomeoneHasTheRole()
    {
        Assert.False(await Users.AnyInRoleAsync("Admin", CancellationToken.None));
        await Users.AddAsync(User("viewer", "Viewer"), CancellationToken.None);
        Assert.False(await Users.AnyInRoleAsync("Admin", CancellationToken.None));

        await Users.AddAsync(User("root", "Admin"), CancellationToken.None);

        Assert.True(await Users.AnyInRoleAsync("Admin", CancellationToken.None));
        Assert.True(await Users.AnyInRoleAsync("Viewer", CancellationToken.None));
    }

    [Fact]
    public async Task SetLoginStateAsync_LockThenClear_StoresCountAndLockout()
    {
        var user = (await Users.AddAsync(User("alice"), CancellationToken.None))!;
        var other = (await Users.AddAsync(User("bob"), CancellationToken.None))!;
        var until = Db.Time.GetUtcNow().AddMinutes(15);

        await Users.SetLoginStateAsync(user.Id, 3, until, CancellationToken.None);
        Assert.Equal(user with { FailedLogins = 3, LockoutEnd = until }, await Users.FindAsync("alice", CancellationToken.None));

        await Users.SetLoginStateAsync(user.Id, 0, null, CancellationToken.None);
        Assert.Equal(user, await Users.FindAsync("alice", CancellationToken.None));
        Assert.Equal(other, await Users.FindAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task SetPasswordHashAsync_KnownAndUnknownUser_ChangesOnlyThatHash()
    {
        var user = (await Users.AddAsync(User("alice"), CancellationToken.None))!;

        await Users.SetPasswordHashAsync(user.Id, "AQAAAAIAAYagAAAAE-rehashed", CancellationToken.None);
        await Users.SetPasswordHashAsync(-1, "ignored", CancellationToken.None);

        Assert.Equal(user with { PasswordHash = "AQAAAAIAAYagAAAAE-rehashed" }, await Users.FindAsync("alice", CancellationToken.None));
    }
}
