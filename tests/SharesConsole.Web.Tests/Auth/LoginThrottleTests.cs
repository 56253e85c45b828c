using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>
/// Guessing limits against the real store: one source is stopped before it can lock the account, the account
/// limit stops many sources together, and parallel guesses pass neither limit.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class LoginThrottleTests(ConsoleAppFixture app)
{
    private const string RightPassword = "right-password-1";

    [Fact]
    public async Task Login_OneSourceKeepsFailing_ThatSourceIsRefused_TheOwnerSignsInFromAnotherAddress()
    {
        var user = await NewUserAsync("owner");
        var attacker = new LoginClient(app.Server, Loopback.Web.Address(180));
        var owner = new LoginClient(app.Server, Loopback.Web.Address(181));

        for (var i = 0; i < 6; i++)
        {
            await attacker.LoginAsync(user, "wrong-password");
        }

        var attackerWithRightPassword = await attacker.LoginAsync(user, RightPassword);
        var ownerLogin = await owner.LoginAsync(user, RightPassword);
        var page = await attacker.GetAsync(attackerWithRightPassword.Location!);

        Assert.StartsWith("/account/login?error=source", attackerWithRightPassword.Location, StringComparison.Ordinal);
        Assert.Null(LoginClient.AuthCookie(attackerWithRightPassword));
        Assert.Contains("from your address", page.Body, StringComparison.Ordinal);
        Assert.Equal("/", ownerLogin.Location);
        Assert.NotNull(LoginClient.AuthCookie(ownerLogin));
    }

    [Fact]
    public async Task Login_ManySourcesFail_AccountLocksEvenForTheRightPasswordFromANewAddress()
    {
        var user = await NewUserAsync("many");
        var settings = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var sources = settings.MaxFailedLogins / settings.MaxFailedLoginsPerSource + 1;

        for (var s = 0; s < sources; s++)
        {
            var client = new LoginClient(app.Server, Loopback.Web.Address((byte)(190 + s)));
            for (var i = 0; i < settings.MaxFailedLoginsPerSource; i++)
            {
                await client.LoginAsync(user, "wrong-password");
            }
        }

        var fresh = await new LoginClient(app.Server, Loopback.Web.Address(189)).LoginAsync(user, RightPassword);

        Assert.StartsWith("/account/login?error=locked", fresh.Location, StringComparison.Ordinal);
        Assert.Null(LoginClient.AuthCookie(fresh));
    }

    [Fact]
    public async Task LoginAsync_ParallelWrongGuessesFromManySources_NoMoreThanTheAccountLimitAreChecked()
    {
        var user = await NewUserAsync("parallel");
        var logins = Service(maxFailed: 5, perSource: 3);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => logins.LoginAsync(user, "wrong-password", IPAddress.Parse($"198.51.100.{i + 1}"), CancellationToken.None))));
        var afterwards = await logins.LoginAsync(user, RightPassword, IPAddress.Parse("198.51.100.200"), CancellationToken.None);

        Assert.InRange(outcomes.Count(o => o.Outcome == LoginOutcome.Failed), 1, 5);
        Assert.Equal(LoginOutcome.LockedOut, afterwards.Outcome);
    }

    [Fact]
    public async Task LoginAsync_ParallelWrongGuessesFromOneSource_NoMoreThanTheSourceLimitAreChecked()
    {
        var user = await NewUserAsync("onesource");
        var logins = Service(maxFailed: 50, perSource: 3);
        var source = IPAddress.Parse("203.0.113.9");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => logins.LoginAsync(user, "wrong-password", source, CancellationToken.None))));
        var otherSource = await logins.LoginAsync(user, RightPassword, IPAddress.Parse("203.0.113.10"), CancellationToken.None);

        Assert.Equal(3, outcomes.Count(o => o.Outcome == LoginOutcome.Failed));
        Assert.Equal(17, outcomes.Count(o => o.Outcome == LoginOutcome.SourceBlocked));
        Assert.Equal(LoginOutcome.Succeeded, otherSource.Outcome);
    }

    private async Task<string> NewUserAsync(string prefix)
    {
        var user = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await app.Services.GetRequiredService<LoginService>().CreateAsync(user, RightPassword, Roles.Operator, CancellationToken.None);
        return user;
    }

    /// <summary>A login service over the app's real store, with limits of its own.</summary>
    private LoginService Service(int maxFailed, int perSource)
    {
        var options = Options.Create(new AuthOptions { MaxFailedLogins = maxFailed, MaxFailedLoginsPerSource = perSource, LockoutMinutes = 15 });
        return new LoginService(
            app.Services.GetRequiredService<ILocalUserStore>(),
            app.Services.GetRequiredService<IPasswordHasher<LocalUser>>(),
            new LoginSourceThrottle(options, TimeProvider.System),
            options,
            TimeProvider.System,
            NullLogger<LoginService>.Instance);
    }
}
