using SharesConsole.Agent.Drivers;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Tests.Support;

/// <summary>A driver whose service runs until a stop or a fence works; neither does while <see cref="Stuck"/> is set.</summary>
internal sealed class ScriptedDriver : IServiceDriver
{
    private volatile bool _running;
    private int _fences;

    public bool Stuck { get; set; }

    public int Fences => Volatile.Read(ref _fences);

    public bool IsRunning => _running;

    public Task<DriverResult> AttachAsync(CancellationToken cancellationToken) => Task.FromResult(DriverResult.Done());

    public Task<DriverResult> StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        return Task.FromResult(DriverResult.Done());
    }

    public Task<DriverResult> StopAsync(CancellationToken cancellationToken) => Task.FromResult(End());

    public Task<DriverResult> FenceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fences);
        return Task.FromResult(End());
    }

    public Task<DriverState> GetStateAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_running ? new DriverState(ServiceRunState.Running) : DriverState.Stopped);

    public void Crash() => _running = false;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private DriverResult End()
    {
        if (Stuck)
        {
            return DriverResult.Failed("the unit did not go away");
        }

        _running = false;
        return DriverResult.Done();
    }
}
