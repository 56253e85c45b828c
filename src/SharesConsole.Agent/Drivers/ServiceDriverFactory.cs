using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Lab;
using SharesConsole.Agent.Drivers.Processes;
using SharesConsole.Agent.Drivers.Systemd;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Drivers;

/// <summary>Builds the driver each configured service asks for.</summary>
public sealed class ServiceDriverFactory(AgentOptions agent, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public IServiceDriver Create(ServiceDefinition definition, AgentServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(service);
        return service.Driver switch
        {
            // Only an active/passive unit is held to Restart=no: an active/active one may restart wherever it runs.
            ServiceDriverKind.Systemd => new SystemdDriver(
                agent.SystemctlPath, service.Unit!, definition.Kind == ServiceKind.ActivePassive ? agent.SystemdUnitDirectory : null,
                loggerFactory.CreateLogger<SystemdDriver>()),
            ServiceDriverKind.Process => new ProcessDriver(definition.Name, service, agent.StateDirectory, timeProvider, loggerFactory.CreateLogger<ProcessDriver>()),
            ServiceDriverKind.Lab => new LabDriver(definition.Name, service, agent, loggerFactory),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service.Driver, "Unknown driver."),
        };
    }
}
