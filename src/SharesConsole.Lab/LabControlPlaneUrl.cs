namespace SharesConsole.Lab;

/// <summary>Where embedded lab agents reach this host.</summary>
public static class LabControlPlaneUrl
{
    /// <summary>The first HTTP(S) address Kestrel listens on, with a wildcard host turned into loopback.</summary>
    public static string From(IEnumerable<string> addresses)
    {
        var address = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no listening address for the lab agents to connect to.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
