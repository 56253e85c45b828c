namespace SharesConsole.Agent.Configuration;

internal static class AgentServiceOptionsValidator
{
    public static void Collect(List<string> errors, string key, AgentServiceOptions service, AgentOptions agent)
    {
        if (service is null)
        {
            errors.Add($"{key} is empty.");
            return;
        }

        switch (service.Driver)
        {
            case ServiceDriverKind.Systemd:
                AgentOptionsValidator.Require(errors, service.Unit, $"{key}:Unit");
                break;
            case ServiceDriverKind.Process:
                AgentOptionsValidator.Require(errors, service.Command, $"{key}:Command");
                AgentOptionsValidator.Positive(errors, service.StopGrace, $"{key}:StopGrace");
                break;
            case ServiceDriverKind.Lab:
                CollectLab(errors, key, service, agent);
                break;
            default:
                errors.Add($"{key}:Driver '{service.Driver}' is not one of Systemd, Process, Lab.");
                break;
        }

        foreach (var (port, portKey) in Ports(service, key))
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"{portKey} must be between 1 and 65535 (got {port}).");
            }
        }
    }

    private static void CollectLab(List<string> errors, string key, AgentServiceOptions service, AgentOptions agent)
    {
        if (service.StandIn is LabStandInKind.Web or LabStandInKind.Ping or LabStandInKind.Echo && service.Port is null)
        {
            errors.Add($"{key}:Port is required for a {service.StandIn} lab stand-in.");
        }

        if (service.StandIn == LabStandInKind.ActivePassive && string.IsNullOrWhiteSpace(agent.LabDirectory))
        {
            errors.Add($"{AgentOptions.SectionName}:LabDirectory is required by the ActivePassive lab stand-in {key}.");
        }

        if (!Enum.IsDefined(service.StandIn))
        {
            errors.Add($"{key}:StandIn '{service.StandIn}' is not one of Web, Ping, Echo, ActivePassive.");
        }
    }

    private static IEnumerable<(int Port, string Key)> Ports(AgentServiceOptions service, string key)
    {
        if (service.Port is { } port)
        {
            yield return (port, $"{key}:Port");
        }

        if (service.UdpPort is { } udp)
        {
            yield return (udp, $"{key}:UdpPort");
        }

        for (var i = 0; i < service.ExtraTcpPorts.Length; i++)
        {
            yield return (service.ExtraTcpPorts[i], $"{key}:ExtraTcpPorts:{i}");
        }
    }
}
