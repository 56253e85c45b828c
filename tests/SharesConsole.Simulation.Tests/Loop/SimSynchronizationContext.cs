namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>Queues every posted continuation as an event of its process, at the current virtual instant.</summary>
internal sealed class SimSynchronizationContext(SimLoop loop, SimProcess process) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state)
    {
        loop.CheckThread();
        loop.At(loop.Now, process, () => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The simulation never blocks its loop thread.");

    public override SynchronizationContext CreateCopy() => this;
}
