using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Auth;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Transport;

/// <summary>
/// A control plane behind a reverse proxy at 127.0.9.100 (<c>Transport:TrustedProxies</c>) that ends TLS: the sign-in
/// limits count each client, not the proxy; forwarded headers from anyone else are ignored; HTTPS answers carry HSTS
/// and <c>Secure</c> cookies, HTTP ones neither.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class TransportTests : IAsyncLifetime
{
    private const string Password = "transport-password-1";
    private static readonly IPAddress Proxy = Loopback.Web.Address(100);
    private readonly TempDirectory _data = new();
    private IsolatedHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new IsolatedHost(_data.Path, new Dictionary<string, string>
        {
            ["Transport:TrustedProxies:0"] = Proxy.ToString(),
            ["Api:LoginsPerMinute"] = "100",
        });
        await _host.Services.GetRequiredService<LoginService>().CreateAsync("behind-proxy", Password, Roles.Operator, CancellationToken.None);
    }

    [Fact]
    public async Task Login_OneClientBehindTheTrustedProxyKeepsFailing_OnlyThatClientIsRefused()
    {
        var attacker = ViaProxy("203.0.113.5");
        var owner = ViaProxy("203.0.113.6");

        for (var i = 0; i < 6; i++)
        {
            await attacker.LoginAsync("behind-proxy", "wrong-password");
        }

        var attackerLogin = await attacker.LoginAsync("behind-proxy", Password);
        var ownerLogin = await owner.LoginAsync("behind-proxy", Password);

        Assert.StartsWith("/account/login?error=source", attackerLogin.Location, StringComparison.Ordinal);
        Assert.Equal("/", ownerLogin.Location);
        Assert.NotNull(LoginClient.AuthCookie(ownerLogin));
    }

    [Fact]
    public async Task Login_UntrustedSenderOfForwardedFor_CountedByItsOwnAddress()
    {
        var sender = Loopback.Web.Address(101);

        for (var i = 0; i < 6; i++)
        {
            await new LoginClient(_host.Server, sender, Forwarded($"198.51.100.{i + 1}")).LoginAsync("behind-proxy", "wrong-password");
        }

        var withFreshForwardedFor = await new LoginClient(_host.Server, sender, Forwarded("198.51.100.99")).LoginAsync("behind-proxy", Password);

        Assert.StartsWith("/account/login?error=source", withFreshForwardedFor.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ThroughTheTrustedProxy_HstsAndSecureCookies()
    {
        var login = await ViaProxy("203.0.113.7").LoginAsync("behind-proxy", Password);
        var page = await ViaProxy("203.0.113.7").GetAsync("/account/login");

        var auth = Assert.Single(login.Cookies, c => c.StartsWith("sharesconsole.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.All(page.Cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(page.Cookies);
        Assert.Equal("max-age=31536000", page.Headers["Strict-Transport-Security"]);
    }

    [Fact]
    public async Task Http_Direct_NoHstsAndNoSecureCookies()
    {
        var client = new LoginClient(_host.Server, Loopback.Web.Address(102), new Dictionary<string, string> { ["Host"] = "console.example.test" });

        var login = await client.LoginAsync("behind-proxy", Password);
        var page = await client.GetAsync("/account/login");

        var auth = Assert.Single(login.Cookies, c => c.StartsWith("sharesconsole.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.False(page.Headers.ContainsKey("Strict-Transport-Security"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private LoginClient ViaProxy(string client) => new(_host.Server, Proxy, Forwarded(client));

    private static Dictionary<string, string> Forwarded(string client) => new()
    {
        ["X-Forwarded-For"] = client,
        ["X-Forwarded-Proto"] = "https",
        ["X-Forwarded-Host"] = "console.example.test",
    };
}
