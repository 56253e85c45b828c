using System.Net;
using SharesConsole.Agent.Configuration;
using SharesConsole.Core.Lab;

namespace SharesConsole.Agent.Lab;

/// <summary>Options for an embedded lab agent running stand-ins for the seven services on the node's own loopback address.</summary>
public static class LabAgentOptions
{
    public static AgentOptions Create(string nodeName, IPAddress address, string controlPlaneUrl, string token, string labDirectory)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(labDirectory);
        return new AgentOptions
        {
            NodeName = nodeName,
            Address = address.ToString(),
            ControlPlaneUrl = controlPlaneUrl,
            Token = token,
            StateDirectory = Path.Combine(labDirectory, "state", nodeName),
            LabDirectory = Path.Combine(labDirectory, "shared"),
            SharedStoragePath = labDirectory,
            CommandTimeout = TimeSpan.FromSeconds(30),
            Watchdog = false,
            Services = Services(),
        };
    }

    /// <summary>The stand-ins, on the ports of <see cref="LabDefaults"/>; active/active ones start with the agent.</summary>
    public static Dictionary<string, AgentServiceOptions> Services() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["nginx"] = Lab(LabStandInKind.Web, LabDefaults.WebPort, autoStart: true),
        ["asperahttpd"] = Lab(LabStandInKind.Echo, LabDefaults.HttpdPort, autoStart: true) with
        {
            ExtraTcpPorts = [LabDefaults.TransferPort], UdpPort = LabDefaults.TransferPort,
        },
        ["asperanoded"] = Lab(LabStandInKind.Ping, LabDefaults.NodedPort, autoStart: true),
        ["mysqld"] = Lab(LabStandInKind.ActivePassive, LabDefaults.MysqlPort),
        ["crond"] = Lab(LabStandInKind.ActivePassive, null),
        ["stats-collector"] = Lab(LabStandInKind.ActivePassive, null),
        ["shares-background"] = Lab(LabStandInKind.ActivePassive, null),
    };

    private static AgentServiceOptions Lab(LabStandInKind kind, int? port, bool autoStart = false) =>
        new() { Driver = ServiceDriverKind.Lab, StandIn = kind, Port = port, AutoStart = autoStart };
}
