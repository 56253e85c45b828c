using System.Collections.Concurrent;
using SharesConsole.Agent.Connection;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Tests.Support;

/// <summary>A control plane that can be made unreachable; acks say whether this node is active.</summary>
internal sealed class FakeControlPlaneLink : IControlPlaneLink
{
    public bool Reachable { get; set; } = true;

    public bool Active { get; set; } = true;

    public long Epoch { get; set; } = 1;

    /// <summary>The leader term the acks carry (0: a single control plane).</summary>
    public long Term { get; set; }

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Heartbeats are taken but never answered (a control plane that hangs, or acks stuck on the way back).</summary>
    public bool Silent { get; set; }

    public ConcurrentQueue<Heartbeat> Heartbeats { get; } = new();

    public ConcurrentQueue<CommandReply> Replies { get; } = new();

    public Func<AgentCommand, Task>? OnCommand { get; private set; }

    public bool IsConnected => Reachable;

    public void Start(Func<AgentCommand, Task> onCommand) => OnCommand = onCommand;

    public Task<HeartbeatAck> SendHeartbeatAsync(Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        if (!Reachable)
        {
            throw new IOException("Control plane unreachable.");
        }

        Heartbeats.Enqueue(heartbeat);
        return Silent
            ? NeverAnsweredAsync(cancellationToken)
            : Task.FromResult(new HeartbeatAck { Epoch = Epoch, Term = Term, IsActive = Active, LeaseDuration = Lease });
    }

    private static async Task<HeartbeatAck> NeverAnsweredAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    }

    public Task SendReplyAsync(CommandReply reply, CancellationToken cancellationToken)
    {
        Replies.Enqueue(reply);
        return Task.CompletedTask;
    }

    public void Abort() => Reachable = false;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
