using SharesConsole.Core.Failover;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>Result of one action against an agent or the database.</summary>
public sealed record ActionResult(bool Ok, string Detail)
{
    public static ActionResult Success(string detail) => new(true, detail);

    public static ActionResult Failure(string detail) => new(false, detail);
}

/// <summary>What the operation executor needs from the world: agents, the database and the recorder.</summary>
public interface IFailoverActions
{
    bool IsConnected(string node);

    /// <summary>
    /// True when the node's agent is connected and its last heartbeat arrived within the heartbeat timeout. A node cut
    /// off by the network keeps a connection that looks open until the transport notices; it is not heard.
    /// </summary>
    bool IsHeard(string node);

    /// <summary>
    /// How long the node may still hold an active lease this control plane granted: from its last grant (or this
    /// process's start) plus that lease (at least <paramref name="lease"/>) plus <paramref name="margin"/>; zero once over.
    /// Read again on every loop of the fence: a grant made while the operation started moves it.
    /// </summary>
    TimeSpan LeaseRemaining(string node, TimeSpan lease, TimeSpan margin);

    /// <summary>
    /// Fences <paramref name="victim"/> through the shared storage: <paramref name="via"/> writes a poison pill into the
    /// victim's disk-heartbeat slot and waits up to <paramref name="wait"/> for the victim to confirm there that it stopped
    /// its active/passive services. Ok only with that confirmation.
    /// </summary>
    Task<ActionResult> PoisonPillAsync(string via, string victim, long epoch, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Stops every active/passive service on the node, in reverse start order.</summary>
    Task<ActionResult> StopGroupAsync(string node, long epoch, CancellationToken cancellationToken);

    Task<ActionResult> StopServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken);

    /// <summary>Starts the service and waits until its probe passes.</summary>
    Task<ActionResult> StartServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken);

    /// <summary>True when the node reports every active/passive service stopped.</summary>
    Task<bool> IsGroupStoppedAsync(string node, CancellationToken cancellationToken);

    /// <summary>Compare-and-set of the active node and epoch in the database.</summary>
    Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken);

    Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken);
}
