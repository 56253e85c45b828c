namespace SharesConsole.Agent.Drivers;

/// <summary>Starts, stops and inspects one service. Expected failures come back as results, not exceptions.</summary>
public interface IServiceDriver : IAsyncDisposable
{
    /// <summary>Idempotent: a running service is left alone and reported as already running.</summary>
    Task<DriverResult> StartAsync(CancellationToken cancellationToken);

    /// <summary>Idempotent: a stopped service is reported as already stopped.</summary>
    Task<DriverResult> StopAsync(CancellationToken cancellationToken);

    Task<DriverState> GetStateAsync(CancellationToken cancellationToken);

    /// <summary>Drops the service without a clean stop (lab chaos); drivers of real services do nothing.</summary>
    void Crash();
}
