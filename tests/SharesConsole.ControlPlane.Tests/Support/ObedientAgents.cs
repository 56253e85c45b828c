using System.Collections.Concurrent;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

namespace SharesConsole.ControlPlane.Tests.Support;

/// <summary>
/// Connected agents that do what they are told at once: a started service runs with its probe passing, a stopped one
/// is stopped, and every reply carries the node's services. At first every node runs its active/active services and
/// <paramref name="active"/> the active/passive group too. Nodes in <see cref="RefuseStarts"/> refuse every start.
/// </summary>
public sealed class ObedientAgents(ServiceCatalog catalog, string active) : IAgentCommandSender
{
    private readonly ConcurrentDictionary<(string Node, string Service), ServiceRunState> _states = new();

    public ConcurrentDictionary<string, bool> RefuseStarts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public AgentConnection? Find(string node) => new() { Node = node, ConnectionId = "obedient-" + node };

    public Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Kind)
        {
            case AgentCommandKind.Start when RefuseStarts.ContainsKey(node):
                return Task.FromResult(CommandReply.Failure(command.Id, node, CommandErrorCode.DriverError, $"{command.ServiceName} refused to start"));
            case AgentCommandKind.Start:
                _states[(node, command.ServiceName!)] = ServiceRunState.Running;
                break;
            case AgentCommandKind.Stop:
                _states[(node, command.ServiceName!)] = ServiceRunState.Stopped;
                break;
            case AgentCommandKind.StopActivePassive:
                foreach (var service in catalog.ActivePassiveStartOrder)
                {
                    _states[(node, service.Name)] = ServiceRunState.Stopped;
                }

                break;
        }

        return Task.FromResult(new CommandReply { CommandId = command.Id, Node = node, Ok = true, Services = Services(node) });
    }

    private List<ServiceStatus> Services(string node) => [.. catalog.Services.Select(s => Status(node, s))];

    private ServiceStatus Status(string node, ServiceDefinition service)
    {
        var initial = service.Kind == ServiceKind.ActiveActive || node == active ? ServiceRunState.Running : ServiceRunState.Stopped;
        var state = _states.GetOrAdd((node, service.Name), initial);
        return new ServiceStatus { Name = service.Name, State = state, LastProbeOk = state == ServiceRunState.Running };
    }
}
