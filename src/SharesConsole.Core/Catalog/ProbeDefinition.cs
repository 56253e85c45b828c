namespace SharesConsole.Core.Catalog;

/// <summary>How a service is checked. Ports are on the node's own address.</summary>
public sealed record ProbeDefinition
{
    public required ProbeKind Kind { get; init; }

    public int? Port { get; init; }

    /// <summary>Tried when <see cref="Port"/> fails (e.g. HTTP 9091 after HTTPS 9092).</summary>
    public int? FallbackPort { get; init; }

    public string? Path { get; init; }

    public bool UseTls { get; init; }

    /// <summary>The probe also requires an empty response body (asperanoded <c>/ping</c>).</summary>
    public bool ExpectEmptyBody { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public static ProbeDefinition Http(int port, string path, bool tls = false, int? fallbackPort = null, bool expectEmptyBody = false) =>
        new() { Kind = ProbeKind.HttpGet, Port = port, Path = path, UseTls = tls, FallbackPort = fallbackPort, ExpectEmptyBody = expectEmptyBody };

    public static ProbeDefinition Tcp(int port, int? fallbackPort = null) =>
        new() { Kind = ProbeKind.TcpConnect, Port = port, FallbackPort = fallbackPort };

    public static ProbeDefinition Process() => new() { Kind = ProbeKind.ProcessAlive };
}
