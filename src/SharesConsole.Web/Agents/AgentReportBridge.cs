using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.State;

namespace SharesConsole.Web.Agents;

/// <summary>Feeds every heartbeat, command reply and disconnect into the <see cref="ClusterStore"/> when one is registered.</summary>
internal sealed class AgentReportBridge(AgentRegistry registry, IServiceProvider services, TimeProvider timeProvider) : IHostedService
{
    private ClusterStore? _store;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _store = services.GetService<ClusterStore>();
        if (_store is not null)
        {
            registry.Changed += OnChanged;
            registry.ReplyReceived += OnReply;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnChanged;
        registry.ReplyReceived -= OnReply;
        return Task.CompletedTask;
    }

    private void OnReply(object? sender, Core.Agents.CommandReply reply) =>
        _store!.ApplyCommandReply(reply.Node, reply.Instance, reply.Sequence, AgentReportMapper.ToObservations(reply.Services));

    private void OnChanged(object? sender, AgentConnection change)
    {
        if (!change.IsConnected)
        {
            _store!.MarkDisconnected(change.Node);
        }
        else if (change.LastHeartbeat is { } heartbeat)
        {
            _store!.ApplyReport(AgentReportMapper.ToReport(heartbeat, timeProvider));
        }
    }
}
