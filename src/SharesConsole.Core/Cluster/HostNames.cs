namespace SharesConsole.Core.Cluster;

/// <summary>Syntax checks for host names (RFC 1123 labels).</summary>
public static class HostNames
{
    public static bool IsValid(string? value)
    {
        var name = value?.TrimEnd('.') ?? "";
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' ||
                !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsInZone(string name, string zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        name = name.TrimEnd('.');
        zone = zone.TrimEnd('.');
        return string.Equals(name, zone, StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase);
    }
}
