namespace SharesConsole.Core.Cluster;

/// <summary>Checks an edited <see cref="ClusterSettings"/> as a whole; every error names its field.</summary>
public static class ClusterSettingsValidator
{
    public static IReadOnlyList<SettingsError> Validate(ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<SettingsError>();
        if (!Enum.IsDefined(settings.Architecture))
        {
            errors.Add(new("Architecture", "Architecture must be RedirectAll or WebOnly."));
        }

        Name(errors, "WebFqdn", settings.WebFqdn);
        Name(errors, "TransferFqdn", settings.TransferFqdn);
        Name(errors, "DnsZone", settings.DnsZone);
        if (HostNames.IsValid(settings.TransferFqdn) && HostNames.IsValid(settings.DnsZone) && !HostNames.IsInZone(settings.TransferFqdn, settings.DnsZone))
        {
            errors.Add(new("TransferFqdn", $"The transfer name '{settings.TransferFqdn}' must be inside the zone '{settings.DnsZone}'."));
        }

        Range(errors, "DnsTtl", settings.DnsTtl.TotalSeconds, 1, 86400, "s");
        Port(errors, "Ports.Web", settings.Ports.Web);
        if (settings.Ports.WebTls != 0)
        {
            Port(errors, "Ports.WebTls", settings.Ports.WebTls);
        }

        Port(errors, "Ports.Ssh", settings.Ports.Ssh);
        Port(errors, "Ports.Fasp", settings.Ports.Fasp);
        Port(errors, "Ports.Dns", settings.Ports.Dns);
        if (settings.Ports.FaspRangeEnd < settings.Ports.Fasp || settings.Ports.FaspRangeEnd > 65535)
        {
            errors.Add(new("Ports.FaspRangeEnd", $"The FASP range must end between {settings.Ports.Fasp} and 65535."));
        }

        Range(errors, "HealthCheck.Interval", settings.HealthCheck.Interval.TotalMilliseconds, 50, 600_000, "ms");
        Range(errors, "HealthCheck.Fall", settings.HealthCheck.Fall, 1, 100, "");
        Range(errors, "HealthCheck.Rise", settings.HealthCheck.Rise, 1, 100, "");
        Range(errors, "HealthCheck.Timeout", settings.HealthCheck.Timeout.TotalMilliseconds, 10, 600_000, "ms");
        if (settings.HealthCheck.Timeout > settings.HealthCheck.Interval)
        {
            errors.Add(new("HealthCheck.Timeout", "The probe timeout must not exceed the probe interval."));
        }

        Range(errors, "Lease", settings.Lease.TotalSeconds, 2, 3600, "s");
        return errors;
    }

    private static void Name(List<SettingsError> errors, string field, string value)
    {
        if (!HostNames.IsValid(value))
        {
            errors.Add(new(field, $"'{value}' is not a valid DNS name."));
        }
    }

    private static void Port(List<SettingsError> errors, string field, int port) => Range(errors, field, port, 1, 65535, "");

    private static void Range(List<SettingsError> errors, string field, double value, double min, double max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(new(field, $"{value}{unit} is out of range: it must be between {min}{unit} and {max}{unit}."));
        }
    }
}

/// <summary>One invalid field of a settings edit.</summary>
public sealed record SettingsError(string Field, string Message);
