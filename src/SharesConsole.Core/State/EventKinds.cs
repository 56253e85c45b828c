namespace SharesConsole.Core.State;

/// <summary>Stable event kind names used by the audit log, the API filters and webhook subscriptions.</summary>
public static class EventKinds
{
    public const string NodeDown = "node.down";
    public const string NodeUp = "node.up";
    public const string NodeVerdictChanged = "node.verdict";
    public const string NodeDrained = "node.drained";
    public const string NodeUndrained = "node.undrained";
    public const string NodeMaintenance = "node.maintenance";
    public const string FailoverStarted = "failover.started";
    public const string FailoverCompleted = "failover.completed";
    public const string FailoverFailed = "failover.failed";
    public const string SwitchoverStarted = "switchover.started";
    public const string SwitchoverCompleted = "switchover.completed";
    public const string SwitchoverFailed = "switchover.failed";
    public const string SwitchoverScheduled = "switchover.scheduled";
    public const string SwitchoverCancelled = "switchover.cancelled";
    public const string SwitchoverSkipped = "switchover.skipped";
    public const string ServiceFailed = "service.failed";
    public const string ServiceRestarted = "service.restarted";
    public const string DriftDetected = "drift.detected";
    public const string DriftResolved = "drift.resolved";
    public const string DrillSkipped = "drill.skipped";
    public const string SettingsChanged = "settings.changed";
    public const string ArchitectureChanged = "architecture.changed";
    public const string EpochRaised = "epoch.raised";
    public const string AgentFenced = "agent.fenced";
    public const string StorageLowSpace = "storage.low-space";
    public const string StorageUnfit = "storage.unfit";
    public const string EdgeDown = "edge.down";
    public const string EdgeUp = "edge.up";
    public const string VipMoved = "edge.vip-moved";

    public static IReadOnlyList<string> All { get; } =
    [
        NodeDown, NodeUp, NodeVerdictChanged, NodeDrained, NodeUndrained, NodeMaintenance,
        FailoverStarted, FailoverCompleted, FailoverFailed, SwitchoverStarted, SwitchoverCompleted, SwitchoverFailed,
        SwitchoverScheduled, SwitchoverCancelled, SwitchoverSkipped,
        ServiceFailed, ServiceRestarted, DriftDetected, DriftResolved, DrillSkipped, SettingsChanged, ArchitectureChanged, EpochRaised, AgentFenced,
        StorageLowSpace, StorageUnfit, EdgeDown, EdgeUp, VipMoved,
    ];
}
