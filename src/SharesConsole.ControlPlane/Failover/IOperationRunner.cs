namespace SharesConsole.ControlPlane.Failover;

/// <summary>Carries out one recorded operation from its first unfinished step; idempotent and resumable.</summary>
public interface IOperationRunner
{
    Task RunAsync(Guid operationId, CancellationToken cancellationToken);
}
