using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth.Sessions;

/// <summary>
/// The keys that protect the sign-in cookie live in the control plane's database: a control plane started again on
/// the same database accepts the cookie, one on another database does not (it has keys of its own).
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class DataProtectionKeysTests : IDisposable
{
    private readonly TempDirectory _first = new();
    private readonly TempDirectory _second = new();

    [Fact]
    public async Task SignInCookie_SameDatabaseAfterRestart_Accepted_AnotherDatabase_Refused()
    {
        string cookie;
        await using (var first = new IsolatedHost(_first.Path))
        {
            var login = await new LoginClient(first.Server, Loopback.Web.Address(114)).LoginAsync(ConsoleAppFixture.AdminUser, ConsoleAppFixture.AdminPassword);
            cookie = LoginClient.AuthCookie(login)!;
            var stored = first.Services.GetRequiredService<DataProtectionKeyStore>().All();
            var keys = first.Services.GetRequiredService<IKeyManager>().GetAllKeys();

            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains(stored, xml => xml.Contains(k.KeyId.ToString(), StringComparison.Ordinal)));
        }

        // An Admin read: the test hosts let anonymous viewers read the cluster, so a cookie they cannot read would pass there.
        await using var restarted = new IsolatedHost(_first.Path);
        await using var other = new IsolatedHost(_second.Path);

        Assert.Equal(200, (await new LoginClient(restarted.Server, Loopback.Web.Address(114)).GetAsync("/api/v1/api-keys", cookie)).Status);
        Assert.Equal(401, (await new LoginClient(other.Server, Loopback.Web.Address(114)).GetAsync("/api/v1/api-keys", cookie)).Status);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
