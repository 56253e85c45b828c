using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth.Sessions;

/// <summary>
/// A sign-in used all the time still ends after <c>Auth:SessionMaxHours</c> (here 2 h, sliding 1 h), on a host whose
/// clock the test moves.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private const string Password = "lifetime-password-1";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private IsolatedHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new IsolatedHost(
            _data.Path,
            new Dictionary<string, string> { ["Auth:SessionHours"] = "1", ["Auth:SessionMaxHours"] = "2" },
            services => services.AddSingleton<TimeProvider>(_time));
        await _host.Services.GetRequiredService<LoginService>().CreateAsync("busy-user", Password, Roles.Admin, CancellationToken.None);
    }

    [Fact]
    public async Task Session_UsedEvery50Minutes_EndsAfterTheAbsoluteLifetime()
    {
        var client = new LoginClient(_host.Server, Loopback.Web.Address(109));
        var cookie = LoginClient.AuthCookie(await client.LoginAsync("busy-user", Password))!;
        var statuses = new List<int>();

        foreach (var minutes in new[] { 50, 50, 30 })
        {
            _time.Advance(TimeSpan.FromMinutes(minutes));
            // An Admin read: the test host lets anonymous viewers read the cluster.
            var read = await client.GetAsync("/api/v1/api-keys", cookie);
            statuses.Add(read.Status);
            // The sliding renewal hands out a fresh cookie past half its time; a browser would keep that one.
            cookie = LoginClient.AuthCookie(read) is { } renewed && renewed != "sharesconsole.auth=" ? renewed : cookie;
        }

        Assert.Equal([200, 200, 401], statuses);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
