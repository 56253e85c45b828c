using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Auth.Users;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>
/// An unclaimed install (lab off, no configured admin): the setup page needs the one-time code printed on standard
/// output at start, and parallel setups create exactly one admin.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed partial class SetupTests : IAsyncLifetime
{
    private const string Password = "setup-password-12";
    private readonly TempDirectory _data = new();
    private readonly CapturingConsole _console = new();
    private IsolatedHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new IsolatedHost(
            _data.Path,
            new Dictionary<string, string> { ["Auth:AdminUser"] = "", ["Auth:AdminPassword"] = "", ["Lab:Enabled"] = "false", ["Api:LoginsPerMinute"] = "100" },
            services => services.AddSingleton<IOperatorConsole>(_console));
        _ = _host.Server;
        return Task.CompletedTask;
    }

    [Fact]
    public void Start_NoAdmin_PrintsTheSetupCodeOnceOnStandardOutput()
    {
        var line = Assert.Single(_console.Lines);

        Assert.Matches(CodePattern(), line);
        Assert.Contains("/account/setup", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAA-AAAAA-AAAAA-AAAAA")]
    public async Task Setup_WrongOrMissingCode_RefusedAndNoAdminCreated(string code)
    {
        var client = new LoginClient(_host.Server, Loopback.Web.Address(140));

        var result = await SetupAsync(client, "intruder", code);
        var page = await client.GetAsync(result.Location!);

        Assert.Equal("/account/setup?error=code", result.Location);
        Assert.Null(LoginClient.AuthCookie(result));
        Assert.Contains("not the setup code", page.Body, StringComparison.Ordinal);
        Assert.False(await Users.AnyInRoleAsync(Roles.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task Setup_PlainFormWithoutToken_Returns400WithTheFormAgainAndNoAdmin()
    {
        using var http = _host.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.PostAsync("/account/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["SetupCode"] = PrintedCode(),
            ["UserName"] = "no-token",
            ["Password"] = Password,
            ["Confirm"] = Password,
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"setup-form\"", body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"setup-error\"", body, StringComparison.Ordinal);
        Assert.Contains("The form expired", body, StringComparison.Ordinal);
        Assert.False(await Users.AnyInRoleAsync(Roles.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task Setup_ParallelWithTheCode_CreatesExactlyOneAdmin()
    {
        var code = PrintedCode();

        // Every client holds the form before anyone posts: a fast first setup would otherwise take the form away from a
        // client that had not loaded it yet (the page offers none once an admin exists).
        var forms = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            new LoginClient(_host.Server, Loopback.Web.Address((byte)(141 + i))).OpenFormAsync("/account/setup", "/account/setup")));
        var results = await Task.WhenAll(forms.Select((post, i) => Task.Run(() => post(SetupFields("first-" + i, code.ToLowerInvariant())))));

        var seen = string.Join("; ", results.Select((r, i) => $"first-{i}: {r.Status} -> {r.Location ?? "(no redirect)"} {(r.Location is null ? r.Body[..Math.Min(300, r.Body.Length)] : "")}"));
        Assert.True(results.Count(r => r.Location == "/") == 1, $"exactly one setup should win: {seen}");
        var winner = results.Single(r => r.Location == "/");
        Assert.NotNull(LoginClient.AuthCookie(winner));
        Assert.True(results.Where(r => r != winner).All(r => r.Location == "/account/login"), $"the others go to the login page: {seen}");
        var admins = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            if (await Users.FindAsync("first-" + i, CancellationToken.None) is { } user)
            {
                admins.Add(user.UserName);
            }
        }

        Assert.Single(admins);
    }

    [Fact]
    public async Task Setup_AfterTheAdminExists_TheCodeNoLongerWorks()
    {
        var code = PrintedCode();
        var first = await SetupAsync(new LoginClient(_host.Server, Loopback.Web.Address(150)), "owner", code);

        // The setup page offers no form any more; the login page's token is as good for a hand-made post.
        var late = await new LoginClient(_host.Server, Loopback.Web.Address(151)).PostFormAsync("/account/login", "/account/setup", new Dictionary<string, string>
        {
            ["SetupCode"] = code,
            ["UserName"] = "late",
            ["Password"] = Password,
            ["Confirm"] = Password,
        });

        Assert.Equal("/", first.Location);
        Assert.Equal("/account/login", late.Location);
        Assert.False(_host.Services.GetRequiredService<SetupCode>().Verify(code));
        Assert.Null(await Users.FindAsync("late", CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private ILocalUserStore Users => _host.Services.GetRequiredService<ILocalUserStore>();

    private string PrintedCode() => CodePattern().Match(Assert.Single(_console.Lines)).Value;

    private static Task<LoginClient.Result> SetupAsync(LoginClient client, string user, string code) =>
        client.PostFormAsync("/account/setup", "/account/setup", SetupFields(user, code));

    private static Dictionary<string, string> SetupFields(string user, string code) => new()
    {
        ["SetupCode"] = code,
        ["UserName"] = user,
        ["Password"] = Password,
        ["Confirm"] = Password,
    };

    [GeneratedRegex("[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")]
    private static partial Regex CodePattern();
}
