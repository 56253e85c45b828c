using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Services;

/// <summary>One configured service on this node: its catalog entry, driver and last known status.</summary>
public sealed class SupervisedService(ServiceDefinition definition, AgentServiceOptions options, IServiceDriver driver, DateTimeOffset now)
{
    private ServiceStatus _status = new() { Name = definition.Name, State = ServiceRunState.Unknown, Since = now, LastProbeError = "Not probed yet." };

    public string Name => Definition.Name;

    public ServiceDefinition Definition { get; } = definition;

    public AgentServiceOptions Options { get; } = options;

    public IServiceDriver Driver { get; } = driver;

    public ServiceStatus Status => Volatile.Read(ref _status);

    internal void SetStatus(ServiceStatus status) => Volatile.Write(ref _status, status);

    /// <summary>One refresh at a time per service.</summary>
    internal SemaphoreSlim RefreshGate { get; } = new(1, 1);
}
