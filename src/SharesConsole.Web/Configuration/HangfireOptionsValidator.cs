using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Configuration;

public sealed class HangfireOptionsValidator : IValidateOptions<HangfireOptions>
{
    public ValidateOptionsResult Validate(string? name, HangfireOptions options)
    {
        var errors = new List<string>();
        if (options.Storage is not ("Sqlite" or "InMemory"))
        {
            errors.Add($"Hangfire:Storage '{options.Storage}' is not valid: use Sqlite or InMemory.");
        }

        if (options.Storage == "Sqlite" && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            errors.Add("Hangfire:SqlitePath must not be empty when Hangfire:Storage is Sqlite.");
        }

        if (options.QueuePollIntervalMs is < 10 or > 60_000)
        {
            errors.Add($"Hangfire:QueuePollIntervalMs {options.QueuePollIntervalMs} must be between 10 and 60000.");
        }

        if (options.WorkerCount is < 1 or > 64)
        {
            errors.Add($"Hangfire:WorkerCount {options.WorkerCount} must be between 1 and 64.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
