using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Api;

/// <summary>Checks every <see cref="ApiOptions"/> value and reports all bad keys at once.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"Api:MaxBodyBytes must be between 1024 and {64 * 1024 * 1024} (was {options.MaxBodyBytes}).");
        }

        if (options.RequestsPerMinute < 1)
        {
            errors.Add($"Api:RequestsPerMinute must be at least 1 (was {options.RequestsPerMinute}).");
        }

        if (options.LoginsPerMinute < 1)
        {
            errors.Add($"Api:LoginsPerMinute must be at least 1 (was {options.LoginsPerMinute}).");
        }

        if (options.RateLimitWindow < TimeSpan.FromSeconds(1) || options.RateLimitWindow > TimeSpan.FromDays(1))
        {
            errors.Add($"Api:RateLimitWindow must be between 00:00:01 and 1.00:00:00 (was {options.RateLimitWindow}).");
        }

        if (!EndpointAccess.IsValid(options.MetricsAccess))
        {
            errors.Add($"Api:MetricsAccess must be {EndpointAccess.Anonymous} or {EndpointAccess.Authenticated} (was '{options.MetricsAccess}').");
        }

        if (!EndpointAccess.IsValid(options.ReferenceAccess))
        {
            errors.Add($"Api:ReferenceAccess must be {EndpointAccess.Anonymous} or {EndpointAccess.Authenticated} (was '{options.ReferenceAccess}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
