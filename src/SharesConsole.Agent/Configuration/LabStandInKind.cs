namespace SharesConsole.Agent.Configuration;

/// <summary>What an in-process lab stand-in does.</summary>
public enum LabStandInKind
{
    /// <summary>Kestrel on Port: <c>/</c> answers the node name, <c>/health</c> answers ok.</summary>
    Web,

    /// <summary>Kestrel on Port: <c>/ping</c> answers an empty 200.</summary>
    Ping,

    /// <summary>TCP echo on Port and ExtraTcpPorts, UDP echo on UdpPort.</summary>
    Echo,

    /// <summary>Holds a lock file in the shared lab directory; optional TCP echo on Port.</summary>
    ActivePassive,
}
