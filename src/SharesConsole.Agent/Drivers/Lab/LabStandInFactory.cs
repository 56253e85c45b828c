using System.Net;
using SharesConsole.Agent.Configuration;

namespace SharesConsole.Agent.Drivers.Lab;

internal static class LabStandInFactory
{
    public static List<ILabStandIn> Create(string serviceName, AgentServiceOptions service, AgentOptions agent)
    {
        var address = IPAddress.Parse(agent.Address);
        var parts = new List<ILabStandIn>();
        switch (service.StandIn)
        {
            case LabStandInKind.Web:
            case LabStandInKind.Ping:
                parts.Add(new HttpStandIn(address, service.Port!.Value, agent.NodeName));
                break;
            case LabStandInKind.ActivePassive:
                parts.Add(new LabLock(agent.LabDirectory!, serviceName, agent.NodeName));
                break;
        }

        if (service.StandIn is LabStandInKind.Echo or LabStandInKind.ActivePassive && service.Port is { } port)
        {
            parts.Add(new TcpEchoStandIn(address, port));
        }

        parts.AddRange(service.ExtraTcpPorts.Select(p => (ILabStandIn)new TcpEchoStandIn(address, p)));
        if (service.UdpPort is { } udp)
        {
            parts.Add(new UdpEchoStandIn(address, udp));
        }

        return parts;
    }
}
