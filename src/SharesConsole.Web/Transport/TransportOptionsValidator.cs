using System.Net;
using Microsoft.Extensions.Options;

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
            if (!TryParse(options.TrustedProxies[i], out _))
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

    /// <summary>An address is a network of one (/32, /128).</summary>
    public static bool TryParse(string? value, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (IPAddress.TryParse(value, out var address) && !value.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(value, out network);
    }
}
