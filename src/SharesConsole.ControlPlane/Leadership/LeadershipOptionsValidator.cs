using Microsoft.Extensions.Options;

namespace SharesConsole.ControlPlane.Leadership;

public sealed class LeadershipOptionsValidator : IValidateOptions<LeadershipOptions>
{
    public ValidateOptionsResult Validate(string? name, LeadershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        const string S = LeadershipOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InstanceName) || options.InstanceName.Length > 63)
        {
            errors.Add($"{S}:InstanceName must be 1-63 characters.");
        }

        if (!Uri.TryCreate(options.AdvertisedUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"{S}:AdvertisedUrl must be this instance's http(s) URL as the other instances reach it (was '{options.AdvertisedUrl}').");
        }

        if (options.Lease < TimeSpan.FromSeconds(2) || options.Lease > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{S}:Lease must be between 2 s and 1 min (was {options.Lease}).");
        }

        if (options.RenewInterval <= TimeSpan.Zero || options.RenewInterval * 2 > options.Lease - options.Margin)
        {
            errors.Add($"{S}:RenewInterval must be positive and at most half of Lease minus Margin (was {options.RenewInterval}).");
        }

        if (options.Margin <= TimeSpan.Zero || options.Margin >= options.Lease)
        {
            errors.Add($"{S}:Margin must be positive and shorter than Lease (was {options.Margin}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
