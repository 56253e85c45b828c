using Microsoft.Extensions.Options;

namespace SharesConsole.Edge.Remote;

/// <summary>Reports every problem of the <c>EdgeHost</c> section at once, naming the key.</summary>
public sealed class EdgeHostOptionsValidator : IValidateOptions<EdgeHostOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = EdgeHostOptions.SectionName;
        var errors = new List<string>();
        if (!EdgeNames.IsValid(options.Name))
        {
            errors.Add($"{S}:Name '{options.Name}': {EdgeNames.Rule}");
        }

        if (options.ControlPlaneUrls.Count == 0)
        {
            errors.Add($"{S}:ControlPlaneUrls must list at least one control plane (e.g. {S}__ControlPlaneUrls__0=https://console.example:5001).");
        }

        foreach (var url in options.ControlPlaneUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{S}:ControlPlaneUrls '{url}' is not an http(s) URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Token) && string.IsNullOrWhiteSpace(options.TokenFile))
        {
            errors.Add($"{S}:Token (or {S}:TokenFile) is required: issue one with POST /api/v1/edges/{{name}}/token on the control plane.");
        }
        else if (!string.IsNullOrWhiteSpace(options.TokenFile) && !File.Exists(options.TokenFile))
        {
            errors.Add($"{S}:TokenFile '{options.TokenFile}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.SnapshotPath))
        {
            errors.Add($"{S}:SnapshotPath must name a file.");
        }

        if (!Uri.TryCreate(options.ManagementUrl, UriKind.Absolute, out var management) || management.Scheme != "http")
        {
            errors.Add($"{S}:ManagementUrl '{options.ManagementUrl}' must be an http URL (e.g. http://127.0.0.1:9180).");
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(100) || options.ReportInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{S}:ReportInterval must be between 100 ms and 1 min (was {options.ReportInterval}).");
        }

        if (options.StopGrace < TimeSpan.Zero || options.StopGrace > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{S}:StopGrace must be between 0 and 1 min (was {options.StopGrace}).");
        }

        if (!string.IsNullOrWhiteSpace(options.VrrpTrackFile) && !Path.IsPathFullyQualified(options.VrrpTrackFile))
        {
            errors.Add($"{S}:VrrpTrackFile '{options.VrrpTrackFile}' must be an absolute path (e.g. /run/sharesconsole-edge/vrrp).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:ConnectTimeout must be positive (was {options.ConnectTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
