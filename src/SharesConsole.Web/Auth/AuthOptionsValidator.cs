using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Auth;

/// <summary>Validates the <c>Auth</c> section, reporting every bad key at once.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinPasswordLength = 12;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var hasUser = !string.IsNullOrWhiteSpace(options.AdminUser);
        var hasPassword = !string.IsNullOrEmpty(options.AdminPassword);
        if (hasUser != hasPassword)
        {
            errors.Add("Auth:AdminUser and Auth:AdminPassword must be given together.");
        }

        if (hasUser && !UserNames.IsValid(options.AdminUser))
        {
            errors.Add($"Auth:AdminUser '{options.AdminUser}' must be 1-64 letters, digits, '.', '-', '_' or '@'.");
        }

        if (hasPassword && options.AdminPassword!.Length < MinPasswordLength)
        {
            errors.Add($"Auth:AdminPassword must be at least {MinPasswordLength} characters long.");
        }

        if (options.MaxFailedLogins is < 1 or > 100)
        {
            errors.Add($"Auth:MaxFailedLogins {options.MaxFailedLogins} must be between 1 and 100.");
        }

        if (options.MaxFailedLoginsPerSource is < 1 or > 100)
        {
            errors.Add($"Auth:MaxFailedLoginsPerSource {options.MaxFailedLoginsPerSource} must be between 1 and 100.");
        }
        else if (options.MaxFailedLoginsPerSource >= options.MaxFailedLogins && options.MaxFailedLogins is >= 1 and <= 100)
        {
            errors.Add($"Auth:MaxFailedLoginsPerSource {options.MaxFailedLoginsPerSource} must be below Auth:MaxFailedLogins {options.MaxFailedLogins}: " +
                "otherwise a single address can lock an account.");
        }

        if (options.LockoutMinutes is < 1 or > 1440)
        {
            errors.Add($"Auth:LockoutMinutes {options.LockoutMinutes} must be between 1 and 1440.");
        }

        if (options.SessionHours is < 1 or > 720)
        {
            errors.Add($"Auth:SessionHours {options.SessionHours} must be between 1 and 720.");
        }

        if (options.SessionMaxHours is < 1 or > 720)
        {
            errors.Add($"Auth:SessionMaxHours {options.SessionMaxHours} must be between 1 and 720.");
        }
        else if (options.SessionMaxHours < options.SessionHours)
        {
            errors.Add($"Auth:SessionMaxHours {options.SessionMaxHours} must not be below Auth:SessionHours {options.SessionHours}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
