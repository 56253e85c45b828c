using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth.Sessions;

/// <summary>
/// A sign-in cookie stops working on the server, not only in the browser that drops it: when an admin ends the user's
/// sessions, when the user signs out everywhere, and when the user's role or password changes.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class SessionRevocationTests(ConsoleAppFixture app)
{
    private const string Password = "session-password-1";

    [Fact]
    public async Task DeleteSessions_AsAdmin_EverySignInOfThatUserEnds_OtherUsersStay()
    {
        var name = await NewUserAsync("sess-revoked");
        var revoked = await SignInAsync(name, 104);
        var other = await SignInAsync(await NewUserAsync("sess-other"), 104);
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        var before = await StatusAsync(revoked);

        using var response = await admin.DeleteAsync($"/api/v1/users/{name}/sessions");
        using var unknown = await admin.DeleteAsync("/api/v1/users/sess-nobody/sessions");

        Assert.Equal(200, before);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(401, await StatusAsync(revoked));
        Assert.Equal(200, await StatusAsync(other));
    }

    [Fact]
    public async Task Logout_Everywhere_TheOtherBrowsersSignInEndsToo()
    {
        var user = await NewUserAsync("sess-everywhere");
        var laptop = await SignInAsync(user, 105);
        var phone = await SignInAsync(user, 106);

        var logout = await Client(105).PostRawAsync("/account/logout?everywhere=true", "application/x-www-form-urlencoded", "", laptop);

        Assert.Equal("/account/login?signedOut=1", logout.Location);
        Assert.Equal(401, await StatusAsync(phone));
        Assert.Equal(401, await StatusAsync(laptop));
    }

    [Fact]
    public async Task Logout_ThisBrowserOnly_TheOtherBrowserStaysSignedIn()
    {
        var user = await NewUserAsync("sess-here");
        var laptop = await SignInAsync(user, 105);
        var phone = await SignInAsync(user, 106);

        var logout = await Client(105).PostRawAsync("/account/logout", "application/x-www-form-urlencoded", "", laptop);

        Assert.Contains(logout.Cookies, c => c.StartsWith("sharesconsole.auth=;", StringComparison.Ordinal));
        Assert.Equal(200, await StatusAsync(phone));
    }

    [Fact]
    public async Task RoleOrPasswordChanged_EarlierSignInsEnd()
    {
        var demoted = await NewUserAsync("sess-demoted");
        var renewed = await NewUserAsync("sess-password");
        var demotedCookie = await SignInAsync(demoted, 107);
        var renewedCookie = await SignInAsync(renewed, 107);
        var users = app.Services.GetRequiredService<ILocalUserStore>();
        var hasher = app.Services.GetRequiredService<IPasswordHasher<LocalUser>>();

        Assert.True(await users.SetRoleAsync(demoted, Roles.Viewer, CancellationToken.None));
        var user = (await users.FindAsync(renewed, CancellationToken.None))!;
        Assert.True(await users.ChangePasswordAsync(renewed, hasher.HashPassword(user, "another-password-2"), CancellationToken.None));

        Assert.Equal(401, await StatusAsync(demotedCookie));
        Assert.Equal(401, await StatusAsync(renewedCookie));
        Assert.Equal(403, await StatusAsync(LoginClient.AuthCookie(await Client(107).LoginAsync(demoted, Password))!));
    }

    private LoginClient Client(int host) => new(app.Server, Loopback.Web.Address(host));

    private async Task<string> SignInAsync(string user, int host)
    {
        var login = await Client(host).LoginAsync(user, Password);
        return LoginClient.AuthCookie(login) ?? throw new InvalidOperationException($"{user} could not sign in: {login.Location}");
    }

    /// <summary>
    /// The status of an Admin read with the cookie: 200 signed in, 401 not (a read any viewer may do would pass: the
    /// test host lets anonymous viewers in).
    /// </summary>
    private async Task<int> StatusAsync(string cookie) => (await Client(108).GetAsync("/api/v1/api-keys", cookie)).Status;

    private async Task<string> NewUserAsync(string prefix)
    {
        var user = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        await app.Services.GetRequiredService<LoginService>().CreateAsync(user, Password, Roles.Admin, CancellationToken.None);
        return user;
    }
}
