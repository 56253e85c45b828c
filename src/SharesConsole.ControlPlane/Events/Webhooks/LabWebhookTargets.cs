using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// The embedded lab's setting for <see cref="WebhookOptions.AllowedNetworks"/>: with lab mode on and neither
/// <c>Webhooks:AllowedNetworks</c> nor <c>Webhooks:AllowedHosts</c> configured, webhooks may reach loopback, where the
/// lab's receivers run. With lab mode off (production, the Docker image) nothing is added: only public addresses.
/// </summary>
internal sealed class LabWebhookTargets(IOptions<LabOptions> lab) : IPostConfigureOptions<WebhookOptions>
{
    public static readonly IReadOnlyList<string> Loopback = ["127.0.0.0/8", "::1"];

    public void PostConfigure(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (lab.Value.Enabled && options.AllowedNetworks.Count == 0 && options.AllowedHosts.Count == 0)
        {
            options.AllowedNetworks = [.. Loopback];
        }
    }
}
