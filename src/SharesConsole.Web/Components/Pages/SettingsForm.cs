using System.Globalization;
using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The editable copy of <see cref="ClusterSettings"/> behind the Settings page, in the units a person types.</summary>
public sealed class SettingsForm
{
    public ArchitectureType Architecture { get; set; }

    public string Vip { get; set; } = "";

    public string WebFqdn { get; set; } = "";

    public string TransferFqdn { get; set; } = "";

    public string DnsZone { get; set; } = "";

    public double DnsTtlSeconds { get; set; }

    public int WebPort { get; set; }

    public int WebTlsPort { get; set; }

    public int SshPort { get; set; }

    public int FaspPort { get; set; }

    public int FaspRangeEnd { get; set; }

    public int DnsPort { get; set; }

    public double IntervalMs { get; set; }

    public int Fall { get; set; }

    public int Rise { get; set; }

    public double TimeoutMs { get; set; }

    public double LeaseSeconds { get; set; }

    public bool AutoFailback { get; set; }

    public static SettingsForm From(ClusterSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SettingsForm
        {
            Architecture = s.Architecture,
            Vip = s.Vip.ToString(),
            WebFqdn = s.WebFqdn,
            TransferFqdn = s.TransferFqdn,
            DnsZone = s.DnsZone,
            DnsTtlSeconds = s.DnsTtl.TotalSeconds,
            WebPort = s.Ports.Web,
            WebTlsPort = s.Ports.WebTls,
            SshPort = s.Ports.Ssh,
            FaspPort = s.Ports.Fasp,
            FaspRangeEnd = s.Ports.FaspRangeEnd,
            DnsPort = s.Ports.Dns,
            IntervalMs = s.HealthCheck.Interval.TotalMilliseconds,
            Fall = s.HealthCheck.Fall,
            Rise = s.HealthCheck.Rise,
            TimeoutMs = s.HealthCheck.Timeout.TotalMilliseconds,
            LeaseSeconds = s.Lease.TotalSeconds,
            AutoFailback = s.AutoFailback,
        };
    }

    /// <summary>The settings this form describes, or null with the errors (field names as the validator uses them).</summary>
    public ClusterSettings? ToSettings(ClusterSettings current, out Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(current);
        errors = [];
        if (!IPAddress.TryParse(Vip.Trim(), out var vip))
        {
            errors["Vip"] = $"'{Vip}' is not an IP address.";
            vip = current.Vip;
        }

        var settings = current with
        {
            Architecture = Architecture,
            Vip = vip,
            WebFqdn = WebFqdn.Trim(),
            TransferFqdn = TransferFqdn.Trim(),
            DnsZone = DnsZone.Trim(),
            DnsTtl = Seconds(DnsTtlSeconds),
            Ports = new ClusterPorts { Web = WebPort, WebTls = WebTlsPort, Ssh = SshPort, Fasp = FaspPort, FaspRangeEnd = FaspRangeEnd, Dns = DnsPort },
            HealthCheck = new HealthCheckSettings { Interval = Milliseconds(IntervalMs), Fall = Fall, Rise = Rise, Timeout = Milliseconds(TimeoutMs) },
            Lease = Seconds(LeaseSeconds),
            AutoFailback = AutoFailback,
        };
        foreach (var error in ClusterSettingsValidator.Validate(settings))
        {
            errors.TryAdd(error.Field, error.Message);
        }

        return errors.Count == 0 ? settings : null;
    }

    /// <summary>The settings for the live computed times, even while some field is invalid.</summary>
    public ClusterSettings Preview(ClusterSettings current) => ToSettings(current, out _) ?? current with
    {
        DnsTtl = Seconds(DnsTtlSeconds),
        HealthCheck = new HealthCheckSettings { Interval = Milliseconds(IntervalMs), Fall = Fall, Rise = Rise, Timeout = Milliseconds(TimeoutMs) },
        Lease = Seconds(LeaseSeconds),
    };

    public static string Format(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    // Out-of-range input stays representable so the validator, not an overflow, reports it.
    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(Math.Clamp(double.IsFinite(value) ? value : -1, -1, 1e7));

    private static TimeSpan Milliseconds(double value) => TimeSpan.FromMilliseconds(Math.Clamp(double.IsFinite(value) ? value : -1, -1, 1e10));
}
