namespace SharesConsole.Core.Catalog;

public enum ProbeKind
{
    /// <summary>HTTP(S) GET that must answer 2xx.</summary>
    HttpGet,

    /// <summary>A TCP connect that must succeed.</summary>
    TcpConnect,

    /// <summary>The service's process (or stand-in) must be alive.</summary>
    ProcessAlive,

    /// <summary><c>systemctl is-active</c> must say active.</summary>
    SystemdActive,
}
