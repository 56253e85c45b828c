using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Web.Auth.Users;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth.Users;

/// <summary>A lab start without a configured admin: the generated password is shown once on standard output, never logged.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed partial class AdminSeederTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly CapturingConsole _console = new();
    private IsolatedHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new IsolatedHost(
            _data.Path,
            new Dictionary<string, string> { ["Auth:AdminUser"] = "", ["Auth:AdminPassword"] = "", ["Lab:Enabled"] = "true" },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(_logs);
                services.AddSingleton<IOperatorConsole>(_console);
            });
        _ = _host.Server;
        return Task.CompletedTask;
    }

    [Fact]
    public void Start_LabWithoutAdmin_PasswordOnStandardOutputOnce_NotInTheLog()
    {
        var line = Assert.Single(_console.Lines);
        var password = PasswordPattern().Match(line).Groups[1].Value;

        Assert.NotEmpty(password);
        Assert.Single(_logs.Entries, e => e.Id.Id == 8102);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(password, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [GeneratedRegex("with password (\\S+) ")]
    private static partial Regex PasswordPattern();
}
