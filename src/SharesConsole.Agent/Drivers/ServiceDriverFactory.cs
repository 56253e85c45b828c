using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Lab;
using SharesConsole.Agent.Drivers.Processes;
using SharesConsole.Agent.Drivers.Systemd;

namespace SharesConsole.Agent.Drivers;

/// <summary>Builds the driver each configured service asks for.</summary>
public sealed class ServiceDriverFactory(AgentOptions agent, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public IServiceDriver Create(string serviceName, AgentServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Driver switch
        {
            ServiceDriverKind.Systemd => new SystemdDriver(agent.SystemctlPath, service.Unit!),
            ServiceDriverKind.Process => new ProcessDriver(serviceName, service, agent.StateDirectory, timeProvider, loggerFactory.CreateLogger<ProcessDriver>()),
            ServiceDriverKind.Lab => new LabDriver(serviceName, service, agent, loggerFactory),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service.Driver, "Unknown driver."),
        };
    }
}
