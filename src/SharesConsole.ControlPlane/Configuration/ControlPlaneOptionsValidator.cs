using Microsoft.Extensions.Options;

namespace SharesConsole.ControlPlane.Configuration;

/// <summary>Collects every error of section <c>ControlPlane</c>, each naming its key.</summary>
public sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = ControlPlaneOptions.SectionName;
        var errors = new List<string>();
        if (options.HeartbeatTimeoutMs is < 500 or > 600_000)
        {
            errors.Add($"{s}:HeartbeatTimeoutMs {options.HeartbeatTimeoutMs} must be between 500 and 600000.");
        }

        if (options.StateRefreshMs is < 10 or > 60_000)
        {
            errors.Add($"{s}:StateRefreshMs {options.StateRefreshMs} must be between 10 and 60000.");
        }

        if (options.DeepCheck is null || string.IsNullOrWhiteSpace(options.DeepCheck.Cron))
        {
            errors.Add($"{s}:DeepCheck:Cron is required (default '*/10 * * * * *', every 10 s).");
        }
        else
        {
            CheckCron(errors, $"{s}:DeepCheck:Cron", options.DeepCheck.Cron);
            if (options.DeepCheck.Confirmations is < 1 or > 100)
            {
                errors.Add($"{s}:DeepCheck:Confirmations {options.DeepCheck.Confirmations} must be between 1 and 100.");
            }
        }

        if (options.Drill?.Cron is { } drill && !string.IsNullOrWhiteSpace(drill))
        {
            CheckCron(errors, $"{s}:Drill:Cron", drill);
        }

        if (options.Failover is not { } failover)
        {
            errors.Add($"{s}:Failover is required.");
        }
        else
        {
            CheckRange(errors, $"{s}:Failover:FenceMargin", failover.FenceMargin, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            if (failover.MaxRestarts is < 0 or > 100)
            {
                errors.Add($"{s}:Failover:MaxRestarts {failover.MaxRestarts} must be between 0 (fail over at the first failure) and 100.");
            }

            CheckRange(errors, $"{s}:Failover:RestartWindow", failover.RestartWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
            CheckRange(errors, $"{s}:Failover:StartVerifyTimeout", failover.StartVerifyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            CheckRange(errors, $"{s}:Failover:CommandBackoff", failover.CommandBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            CheckRange(errors, $"{s}:Failover:FailbackStablePeriod", failover.FailbackStablePeriod, TimeSpan.Zero, TimeSpan.FromDays(1));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} must be between {min} and {max}.");
        }
    }

    /// <summary>Shape only (five fields, or six with seconds); Hangfire parses the rest when the job is registered.</summary>
    private static void CheckCron(List<string> errors, string key, string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            errors.Add($"{key} '{cron}' must be a cron expression of 5 fields (minute hour day month weekday) or 6 (with seconds first); it has {fields}.");
        }
    }
}
