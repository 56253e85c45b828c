using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Users;

/// <summary>
/// At start, when no admin exists: creates the one named by <c>Auth:AdminUser</c>/<c>Auth:AdminPassword</c>,
/// or in lab mode an <c>admin</c> with a random password printed once; otherwise the setup page is offered.
/// </summary>
public sealed partial class AdminSeeder(
    ILocalUserStore users,
    LoginService logins,
    IOptions<AuthOptions> auth,
    IOptions<LabOptions> lab,
    ILogger<AdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await users.AnyInRoleAsync(Roles.Admin, cancellationToken))
        {
            return;
        }

        var options = auth.Value;
        if (!string.IsNullOrWhiteSpace(options.AdminUser) && !string.IsNullOrEmpty(options.AdminPassword))
        {
            await logins.CreateAsync(options.AdminUser, options.AdminPassword, Roles.Admin, cancellationToken);
            LogConfiguredAdmin(logger, options.AdminUser);
            return;
        }

        if (!lab.Value.Enabled)
        {
            LogSetupNeeded(logger);
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        if (await logins.CreateAsync("admin", password, Roles.Admin, cancellationToken) is not null)
        {
            LogSeededAdmin(logger, "admin", password);
            await Console.Out.WriteLineAsync($"SharesConsole: created the first admin 'admin' with password {password} (shown once; change it).");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Created the first admin '{User}' from Auth:AdminUser.")]
    private static partial void LogConfiguredAdmin(ILogger logger, string user);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Created the first admin '{User}' with the random password {Password}; it is shown only once.")]
    private static partial void LogSeededAdmin(ILogger logger, string user, string password);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "No admin exists and none is configured: open /account/setup to create one.")]
    private static partial void LogSetupNeeded(ILogger logger);
}
