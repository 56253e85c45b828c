using System.Globalization;
using Microsoft.AspNetCore.Components;
using SharesConsole.Core.Catalog;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Shared;

/// <summary>A service's probe definition and its recent observations on every node.</summary>
public sealed partial class ServiceDetailDialog
{
    [Parameter, EditorRequired]
    public required ServiceDefinition Service { get; set; }

    [Inject]
    public required ProbeHistory History { get; init; }

    private static string Describe(ProbeDefinition probe) => probe.Kind switch
    {
        ProbeKind.ProcessAlive => "process alive",
        ProbeKind.SystemdActive => "systemd unit active",
        ProbeKind.TcpConnect => $"TCP connect :{probe.Port}{(probe.FallbackPort is { } f ? $" (fallback :{f})" : "")}",
        _ => $"{(probe.UseTls ? "HTTPS" : "HTTP")} GET :{probe.Port}{probe.Path}{(probe.ExpectEmptyBody ? ", empty 200" : "")}",
    } + " · timeout " + probe.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
}
