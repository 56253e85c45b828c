using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Tests.Agents;
using SharesConsole.Web.Tests.Auth;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Logging;

/// <summary>
/// Values an unauthenticated caller chooses reach the log escaped: a line break in them cannot start a forged entry.
/// And a guessing source is logged once when it is blocked, not once per guess.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class LogInjectionTests : IAsyncLifetime
{
    private const string Forged = "\r\n2026-12-01 00:00:00 info: Signed in admin";
    private readonly TempDirectory _data = new();
    private readonly ListLoggerProvider _logs = new();
    private IsolatedHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new IsolatedHost(_data.Path, new Dictionary<string, string> { ["Api:LoginsPerMinute"] = "100" }, services => services.AddSingleton<ILoggerProvider>(_logs));
        _ = _host.Server;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AgentHub_NodeNameWithLineBreak_LoggedEscapedOnOneLine()
    {
        using var client = _host.CreateClient(new() { AllowAutoRedirect = false });

        var status = await AgentTestClient.NegotiateAsync(client, "node-a" + Forged, (AgentHubProtocol.TokenHeader, "not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var entry = Assert.Single(_logs.Entries, e => e.Id.Id == 5110);
        Assert.DoesNotContain('\n', entry.Message);
        Assert.DoesNotContain('\r', entry.Message);
        Assert.Contains("node-a\\r\\n2026-12-01", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentHub_FloodOfBadTokens_OneLine()
    {
        using var client = _host.CreateClient(new() { AllowAutoRedirect = false });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await AgentTestClient.NegotiateAsync(client, "node-a", (AgentHubProtocol.TokenHeader, $"guess-{i}")));
        }

        Assert.Single(_logs.Entries, e => e.Id.Id == 5110);
    }

    [Fact]
    public async Task Login_GuessesWithLineBreakInTheUserName_OneEscapedLineWhenTheSourceIsBlocked()
    {
        var client = new LoginClient(_host.Server, Loopback.Web.Address(111));

        for (var i = 0; i < 8; i++)
        {
            await client.LoginAsync("ghost" + Forged, "wrong-password");
        }

        var entry = Assert.Single(_logs.Entries, e => e.Id.Id == 8110);
        Assert.DoesNotContain('\n', entry.Message);
        Assert.Contains("ghost\\r\\n2026-12-01", entry.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.9.111", entry.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
