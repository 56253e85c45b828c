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

    [Fact]
    public async Task AddFirstInRoleAsync_ParallelFirstAdmins_ExactlyOneIsCreated()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Users.AddFirstInRoleAsync(User("admin-" + i, "Admin"), CancellationToken.None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, await Users.FindAsync(winner!.UserName, CancellationToken.None));
        foreach (var loser in Enumerable.Range(0, 8).Select(i => "admin-" + i).Where(n => n != winner.UserName))
        {
            Assert.Null(await Users.FindAsync(loser, CancellationToken.None));
        }
    }

    [Fact]
    public async Task AddFirstInRoleAsync_RoleHeldOrNameTaken_ReturnsNull()
    {
        await Users.AddAsync(User("viewer"), CancellationToken.None);

        var admin = await Users.AddFirstInRoleAsync(User("root", "Admin"), CancellationToken.None);
        var second = await Users.AddFirstInRoleAsync(User("root2", "Admin"), CancellationToken.None);
        var taken = await Users.AddFirstInRoleAsync(User("VIEWER", "Operator"), CancellationToken.None);

        Assert.NotNull(admin);
        Assert.Null(second);
        Assert.Null(taken);
        Assert.Null(await Users.FindAsync("root2", CancellationToken.None));
    }

    [Fact]
    public async Task TryBeginLoginAsync_ParallelAttempts_ExactlyTheLimitGetThrough()
    {
        var user = (await Users.AddAsync(User("alice"), CancellationToken.None))!;
        var now = Db.Time.GetUtcNow();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Users.TryBeginLoginAsync(user.Id, 5, now, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r));
        Assert.Equal(5, (await Users.FindAsync("alice", CancellationToken.None))!.FailedLogins);
    }

    [Fact]
    public async Task LockIfExhaustedAsync_AtTheLimit_LocksUntilTheEndThenAttemptsResume()
    {
        var user = (await Users.AddAsync(User("alice"), CancellationToken.None))!;
        var now = Db.Time.GetUtcNow();
        var end = now.AddMinutes(15);
        await Users.TryBeginLoginAsync(user.Id, 2, now, CancellationToken.None);

        var belowLimit = await Users.LockIfExhaustedAsync(user.Id, 2, now, end, CancellationToken.None);
        await Users.TryBeginLoginAsync(user.Id, 2, now, CancellationToken.None);
        var atLimit = await Users.LockIfExhaustedAsync(user.Id, 2, now, end, CancellationToken.None);
        var locked = await Users.FindAsync("alice", CancellationToken.None);
        var again = await Users.LockIfExhaustedAsync(user.Id, 0, now, end.AddHours(1), CancellationToken.None);
        var duringLockout = await Users.TryBeginLoginAsync(user.Id, 2, end.AddSeconds(-1), CancellationToken.None);
        var afterLockout = await Users.TryBeginLoginAsync(user.Id, 2, end, CancellationToken.None);

        Assert.False(belowLimit);
        Assert.True(atLimit);
        Assert.Equal(user with { FailedLogins = 0, LockoutEnd = end }, locked);
        Assert.False(again);
        Assert.False(duringLockout);
        Assert.True(afterLockout);
    }
}
