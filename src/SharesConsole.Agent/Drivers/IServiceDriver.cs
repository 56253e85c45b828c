namespace SharesConsole.Agent.Drivers;

/// <summary>Starts, stops and inspects one service. Expected failures come back as results, not exceptions.</summary>
public interface IServiceDriver : IAsyncDisposable
{
    /// <summary>
    /// Called once when the agent takes charge of the service, before any other call; <see cref="IAsyncDisposable.DisposeAsync"/>
    /// undoes it when the agent stops managing the service.
    /// </summary>
    Task<DriverResult> AttachAsync(CancellationToken cancellationToken);

    /// <summary>Idempotent: a running service is left alone and reported as already running.</summary>
    Task<DriverResult> StartAsync(CancellationToken cancellationToken);

    /// <summary>Idempotent: a stopped service is reported as already stopped.</summary>
    Task<DriverResult> StopAsync(CancellationToken cancellationToken);

    /// <summary>Ends the service at once because the node lost its lease: no grace period, and it must stay down.</summary>
    Task<DriverResult> FenceAsync(CancellationToken cancellationToken);

    Task<DriverState> GetStateAsync(CancellationToken cancellationToken);

    /// <summary>Drops the service without a clean stop (lab chaos); drivers of real services do nothing.</summary>
    void Crash();
}
