namespace SharesConsole.Core.Failover;

public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>The outcome of one executed step, as it is recorded.</summary>
public sealed record StepRecord(string Name, StepStatus Status, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Detail)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}
