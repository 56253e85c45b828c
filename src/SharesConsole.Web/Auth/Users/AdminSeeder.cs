using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Users;

/// <summary>
/// At start, when no admin exists: creates the one named by <c>Auth:AdminUser</c>/<c>Auth:AdminPassword</c>,
/// or in lab mode an <c>admin</c> with a random password; otherwise it issues the one-time setup code that the
/// setup page asks for. The generated password and the code go to standard output once, never to the log.
/// </summary>
public sealed partial class AdminSeeder(
    ILocalUserStore users,
    LoginService logins,
    SetupCode setupCode,
    IOperatorConsole console,
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
            if (await logins.CreateFirstAdminAsync(options.AdminUser, options.AdminPassword, cancellationToken) is not null)
            {
                LogConfiguredAdmin(logger, options.AdminUser);
                return;
            }
        }
        else if (lab.Value.Enabled)
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
            if (await logins.CreateFirstAdminAsync("admin", password, cancellationToken) is not null)
            {
                LogSeededAdmin(logger, "admin");
                await console.WriteLineAsync($"SharesConsole: created the first admin 'admin' with password {password} (shown once; change it).", cancellationToken);
                return;
            }
        }

        // Nothing to seed, or the name was taken by a user who is not an admin: the setup page, behind the code.
        if (await users.AnyInRoleAsync(Roles.Admin, cancellationToken))
        {
            return;
        }

        var code = setupCode.Issue();
        await console.WriteLineAsync(
            $"SharesConsole: no admin exists yet. Open /account/setup and enter the setup code {code} " +
            "(valid until an admin is created or SharesConsole restarts).",
            cancellationToken);
        LogSetupNeeded(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Created the first admin '{User}' from Auth:AdminUser.")]
    private static partial void LogConfiguredAdmin(ILogger logger, string user);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Created the first admin '{User}' with a random password, printed once on standard output.")]
    private static partial void LogSeededAdmin(ILogger logger, string user);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "No admin exists and none is configured: open /account/setup with the one-time setup code printed on standard output.")]
    private static partial void LogSetupNeeded(ILogger logger);
}
