using System.Collections.Concurrent;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>One gate per operation so a resumed job and a Hangfire retry never run the same operation twice at once.</summary>
public sealed class OperationGates
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    public SemaphoreSlim For(Guid operationId) => _gates.GetOrAdd(operationId, _ => new SemaphoreSlim(1, 1));
}
