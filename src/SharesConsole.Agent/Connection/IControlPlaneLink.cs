using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Connection;

/// <summary>The agent's side of the control-plane connection.</summary>
internal interface IControlPlaneLink : IAsyncDisposable
{
    bool IsConnected { get; }

    /// <summary>Connects in the background and keeps reconnecting with backoff until disposed.</summary>
    void Start(Func<AgentCommand, Task> onCommand);

    /// <summary>Throws when there is no connection or the control plane does not answer.</summary>
    Task<HeartbeatAck> SendHeartbeatAsync(Heartbeat heartbeat, CancellationToken cancellationToken);

    Task SendReplyAsync(CommandReply reply, CancellationToken cancellationToken);

    /// <summary>Drops the connection without a goodbye.</summary>
    void Abort();
}
