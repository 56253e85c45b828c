using SharesConsole.Agent.Configuration;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Lab;

/// <summary>Agent options for an embedded lab node: every service is an in-process stand-in on the node's own address.</summary>
public static class LabAgentOptions
{
    public static AgentOptions For(NodeDefinition node, ServiceCatalog catalog, ClusterSettings settings, string controlPlaneUrl, string token, string labDirectory)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        var services = new Dictionary<string, AgentServiceOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in catalog.Services)
        {
            var standIn = service.Name switch
            {
                "nginx" => new AgentServiceOptions { StandIn = LabStandInKind.Web, Port = node.Ports.Web },
                "asperanoded" => new AgentServiceOptions { StandIn = LabStandInKind.Ping, Port = node.Ports.Noded },
                "asperahttpd" => new AgentServiceOptions
                {
                    StandIn = LabStandInKind.Echo,
                    Port = service.Probe.Port,
                    ExtraTcpPorts = [node.Ports.Ssh],
                    UdpPort = node.Ports.Fasp,
                },
                _ when service.Kind == ServiceKind.ActivePassive => new AgentServiceOptions { StandIn = LabStandInKind.ActivePassive, Port = service.Probe.Port },
                _ => new AgentServiceOptions { StandIn = LabStandInKind.Echo, Port = service.Probe.Port },
            };
            services[service.Name] = standIn with
            {
                Driver = ServiceDriverKind.Lab,
                Kind = service.Kind,
                AutoStart = service.Kind == ServiceKind.ActiveActive,
            };
        }

        return new AgentOptions
        {
            NodeName = node.Name,
            Address = node.ManagementAddress.ToString(),
            ControlPlaneUrl = controlPlaneUrl,
            Token = token,
            StateDirectory = Path.Combine(labDirectory, node.Name, "state"),
            LabDirectory = Path.Combine(labDirectory, "shared"),
            SharedStoragePath = labDirectory,
            Lease = settings.Lease,
            CommandTimeout = TimeSpan.FromSeconds(15),
            Services = services,
        };
    }
}
