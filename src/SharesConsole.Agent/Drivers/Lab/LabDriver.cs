using System.Net;
using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>Runs an in-process stand-in for a Shares service, bound to the node's own address.</summary>
public sealed partial class LabDriver(string serviceName, AgentServiceOptions service, AgentOptions agent, ILoggerFactory loggerFactory)
    : IServiceDriver
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggerFactory.CreateLogger<LabDriver>();
    private List<ILabStandIn>? _running;
    private volatile bool _failed;

    /// <summary>
    /// Lab chaos: when this file appears the stand-in dies on its next state read, as a process killed behind the
    /// agent's back would, and reports Failed until it is started or stopped again.
    /// </summary>
    public string ChaosFile => LabChaos.StopFile(agent, serviceName);

    public Task<DriverResult> AttachAsync(CancellationToken cancellationToken) => Task.FromResult(DriverResult.AlreadyThere());

    public async Task<DriverResult> StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running is not null)
            {
                return DriverResult.AlreadyThere(Environment.ProcessId);
            }

            var parts = LabStandInFactory.Create(serviceName, service, agent);
            var started = new List<ILabStandIn>();
            try
            {
                foreach (var part in parts)
                {
                    await part.StartAsync(cancellationToken).ConfigureAwait(false);
                    started.Add(part);
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                started.ForEach(p => p.Abort());
                LogStartRefused(_logger, agent.NodeName, serviceName, e.Message);
                return DriverResult.Failed(e.Message);
            }

            _running = started;
            _failed = false;
            return DriverResult.Done(Environment.ProcessId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<DriverResult> StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _failed = false;
            if (Interlocked.Exchange(ref _running, null) is not { } running)
            {
                return DriverResult.AlreadyThere();
            }

            // Reverse: listeners close before the lock is given up.
            for (var i = running.Count - 1; i >= 0; i--)
            {
                await running[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }

            return DriverResult.Done();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A stand-in is gone the moment it stops; nothing restarts it.</summary>
    public Task<DriverResult> FenceAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);

    public Task<DriverState> GetStateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _running) is not null && LabChaos.TryConsume(ChaosFile))
        {
            Crash();
            _failed = true;
            LogChaosStop(_logger, agent.NodeName, serviceName);
        }

        return Task.FromResult(
            Volatile.Read(ref _running) is not null ? new DriverState(ServiceRunState.Running, Environment.ProcessId)
            : _failed ? new DriverState(ServiceRunState.Failed, null, "The stand-in died (lab chaos file).")
            : DriverState.Stopped);
    }

    public void Crash()
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            running.ForEach(p => p.Abort());
        }
    }

    public ValueTask DisposeAsync()
    {
        Crash();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Node {Node}: lab stand-in {Service} did not start: {Reason}")]
    private static partial void LogStartRefused(ILogger logger, string node, string service, string reason);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "Node {Node}: lab stand-in {Service} killed by its chaos file")]
    private static partial void LogChaosStop(ILogger logger, string node, string service);
}
