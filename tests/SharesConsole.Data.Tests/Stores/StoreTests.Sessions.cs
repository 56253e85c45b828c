using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private DataProtectionKeyStore DataProtectionKeys => Db.Get<DataProtectionKeyStore>();

    [Fact]
    public async Task RevokeSessionsAsync_SetRoleAsync_ChangePasswordAsync_EachRaiseTheSessionVersion_RehashDoesNot()
    {
        await Users.AddAsync(User("alice", "Operator"), CancellationToken.None);

        Assert.True(await Users.RevokeSessionsAsync("ALICE", CancellationToken.None));
        Assert.True(await Users.SetRoleAsync("alice", "Viewer", CancellationToken.None));
        Assert.True(await Users.ChangePasswordAsync("alice", "new-hash", CancellationToken.None));
        var changed = (await Users.FindAsync("alice", CancellationToken.None))!;
        await Users.SetPasswordHashAsync(changed.Id, "same-password-stronger-hash", CancellationToken.None);
        var rehashed = (await Users.FindAsync("alice", CancellationToken.None))!;

        Assert.Equal(3, changed.SessionVersion);
        Assert.Equal("Viewer", changed.Role);
        Assert.Equal("new-hash", changed.PasswordHash);
        Assert.Equal(3, rehashed.SessionVersion);
        Assert.False(await Users.RevokeSessionsAsync("bob", CancellationToken.None));
        Assert.False(await Users.SetRoleAsync("bob", "Admin", CancellationToken.None));
        Assert.False(await Users.ChangePasswordAsync("bob", "hash", CancellationToken.None));
    }

    [Fact]
    public void DataProtectionKeyStore_AddThenTheSameNameAgain_KeptOnceInOrder()
    {
        var big = "<key id=\"2\">" + new string('x', 40_000) + "</key>";

        DataProtectionKeys.Add("key-1", "<key id=\"1\" />");
        DataProtectionKeys.Add("key-2", big);
        DataProtectionKeys.Add("key-1", "<key id=\"1\" other=\"copy\" />");

        Assert.Equal(["<key id=\"1\" />", big], DataProtectionKeys.All());
    }
}
