using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>Collects every error of section <c>Webhooks</c>, each naming its key.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = WebhookOptions.SectionName;
        var errors = new List<string>();
        if (options.RetryBaseSeconds is < 1 or > 3600)
        {
            errors.Add($"{s}:RetryBaseSeconds must be between 1 and 3600.");
        }

        if (options.MaxAttempts is < 1 or > 30)
        {
            errors.Add($"{s}:MaxAttempts must be between 1 and 30.");
        }

        if (options.TimeoutSeconds is < 1 or > 120)
        {
            errors.Add($"{s}:TimeoutSeconds must be between 1 and 120.");
        }

        if (options.PollIntervalMs is < 50 or > 60_000)
        {
            errors.Add($"{s}:PollIntervalMs must be between 50 and 60000.");
        }

        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (!NetworkText.TryParse(options.AllowedNetworks[i], out _))
            {
                errors.Add($"{s}:AllowedNetworks:{i} '{options.AllowedNetworks[i]}' is not a network: use CIDR notation with the host bits zero (10.1.0.0/16, fd00::/8) or one address.");
            }
        }

        for (var i = 0; i < options.AllowedHosts.Count; i++)
        {
            if (Uri.CheckHostName(options.AllowedHosts[i]) != UriHostNameType.Dns)
            {
                errors.Add($"{s}:AllowedHosts:{i} '{options.AllowedHosts[i]}' is not a host name (list addresses under {s}:AllowedNetworks).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
