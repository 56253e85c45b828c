using Microsoft.EntityFrameworkCore;

namespace SharesConsole.Data.Configuration;

/// <summary>Reads <c>mariadb:10.11</c> / <c>mysql:8.0</c> into a Pomelo server version, without connecting.</summary>
public static class ServerVersionParser
{
    public static bool TryParse(string? text, out ServerVersion? version)
    {
        version = null;
        var parts = (text ?? "").Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !Version.TryParse(parts[1].Contains('.', StringComparison.Ordinal) ? parts[1] : parts[1] + ".0", out var number))
        {
            return false;
        }

        version = parts[0].ToUpperInvariant() switch
        {
            "MARIADB" => new MariaDbServerVersion(number),
            "MYSQL" => new MySqlServerVersion(number),
            _ => null,
        };
        return version is not null;
    }
}
