using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;

namespace SharesConsole.Web.Transport;

/// <summary>Validates the <c>Transport</c> section, reporting every bad key at once.</summary>
public sealed class TransportOptionsValidator : IValidateOptions<TransportOptions>
{
    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!NetworkText.TryParse(options.TrustedProxies[i], out _))
            {
                errors.Add($"Transport:TrustedProxies:{i} '{options.TrustedProxies[i]}' is neither an IP address nor a network such as 10.0.0.0/24.");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            errors.Add($"Transport:ForwardLimit {options.ForwardLimit} must be between 1 and 10.");
        }

        if (options.HstsMaxAgeDays is < 1 or > 730)
        {
            errors.Add($"Transport:HstsMaxAgeDays {options.HstsMaxAgeDays} must be between 1 and 730.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
