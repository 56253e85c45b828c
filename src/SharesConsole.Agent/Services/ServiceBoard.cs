using System.Net;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers;
using SharesConsole.Agent.Drivers.Processes;
using SharesConsole.Agent.Fencing;
using SharesConsole.Agent.Probes;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Services;

/// <summary>The node's configured services in start order, with driver state and probe results.</summary>
public sealed class ServiceBoard : IAsyncDisposable
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(5);
    private readonly ServiceProber _prober;
    private readonly TimeProvider _timeProvider;
    private readonly IPAddress _address;
    private readonly Lock _sequenceGate = new();
    private long _sequence;

    public ServiceBoard(AgentOptions options, ServiceCatalog catalog, Func<ServiceDefinition, AgentServiceOptions, IServiceDriver> createDriver, ServiceProber prober, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(createDriver);
        _prober = prober;
        _timeProvider = timeProvider;
        _address = IPAddress.Parse(options.Address);
        var now = timeProvider.GetUtcNow();
        Services = [.. options.Services
            .Select(pair => (Definition: Define(catalog, pair.Key, pair.Value), Options: pair.Value))
            .OrderBy(s => s.Definition.StartOrder).ThenBy(s => s.Definition.Name, StringComparer.Ordinal)
            .Select(s => new SupervisedService(s.Definition, s.Options, createDriver(s.Definition, s.Options), now))];
    }

    public IReadOnlyList<SupervisedService> Services { get; }

    public IEnumerable<SupervisedService> ActivePassiveStopOrder =>
        Services.Where(s => s.Definition.Kind == ServiceKind.ActivePassive).Reverse();

    /// <summary>The active/passive services as the watchdog must kill them: pid files (process driver) and units (systemd).</summary>
    public FenceTargets FenceTargets(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var activePassive = Services.Where(s => s.Definition.Kind == ServiceKind.ActivePassive).ToList();
        return new FenceTargets
        {
            PidFiles = [.. activePassive.Where(s => s.Options.Driver == ServiceDriverKind.Process)
                .SelectMany(s => new[] { s.Options.PidFile, ProcessDriver.TrackFilePath(options.StateDirectory, s.Name) })
                .OfType<string>()],
            Units = [.. activePassive.Where(s => s.Options.Driver == ServiceDriverKind.Systemd && s.Options.Unit is not null).Select(s => s.Options.Unit!)],
        };
    }

    public SupervisedService? Find(string? name) =>
        Services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ServiceStatus> Snapshot() => [.. Services.Select(s => s.Status)];

    /// <summary>This process's instance id, sent with every snapshot.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// A snapshot numbered before it is read: a snapshot read before a service changed can never carry a higher
    /// number than one read after the change.
    /// </summary>
    public (long Sequence, IReadOnlyList<ServiceStatus> Services) TakeSnapshot()
    {
        lock (_sequenceGate)
        {
            var sequence = ++_sequence;
            return (sequence, Snapshot());
        }
    }

    /// <summary>Refreshes every service; with <paramref name="skipBusy"/> a service whose refresh is still running is skipped.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken, bool skipBusy = false) =>
        Task.WhenAll(Services.Select(s => RefreshAsync(s, cancellationToken, skipBusy)));

    /// <summary>Reads the driver state and runs the probes.</summary>
    public async Task RefreshAsync(SupervisedService service, CancellationToken cancellationToken, bool skipBusy = false)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (skipBusy)
        {
            if (!await service.RefreshGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        else
        {
            await service.RefreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var state = await ReadStateAsync(service, cancellationToken).ConfigureAwait(false);
            var probe = state.State == ServiceRunState.Running
                ? await ProbeAsync(service, state, cancellationToken).ConfigureAwait(false)
                : ProbeOutcome.Fail(state.Detail ?? $"Service is {state.State}.");
            var previous = service.Status;
            service.SetStatus(new ServiceStatus
            {
                Name = service.Name,
                State = state.State,
                Pid = state.Pid,
                Detail = state.Detail,
                LastProbeOk = probe.Ok,
                LastProbeLatencyMs = probe.LatencyMs,
                LastProbeError = probe.Error,
                Since = previous.State == state.State ? previous.Since : _timeProvider.GetUtcNow(),
            });
        }
        finally
        {
            service.RefreshGate.Release();
        }
    }

    /// <summary>Lets every driver take charge of its service; returns what went wrong, one line per service.</summary>
    public async Task<IReadOnlyList<string>> AttachAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var service in Services)
        {
            var result = await service.Driver.AttachAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                errors.Add($"{service.Name}: {result.Error}");
            }
        }

        return errors;
    }

    public void CrashAll()
    {
        foreach (var service in Services)
        {
            service.Driver.Crash();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Services)
        {
            await service.Driver.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<DriverState> ReadStateAsync(SupervisedService service, CancellationToken cancellationToken)
    {
        try
        {
            return await service.Driver.GetStateAsync(cancellationToken).WaitAsync(StateTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new DriverState(ServiceRunState.Unknown, null, $"The {service.Options.Driver} driver did not report a state within {StateTimeout.TotalSeconds:0} s.");
        }
    }

    private async Task<ProbeOutcome> ProbeAsync(SupervisedService service, DriverState state, CancellationToken cancellationToken)
    {
        var first = await _prober.ProbeAsync(service.Definition.Probe, _address, service.Options.Port, state, cancellationToken).ConfigureAwait(false);
        if (!first.Ok || service.Definition.SecondaryProbe is not { } secondary)
        {
            return first;
        }

        var second = await _prober.ProbeAsync(secondary, _address, null, state, cancellationToken).ConfigureAwait(false);
        return second.Ok ? first : second;
    }

    private static ServiceDefinition Define(ServiceCatalog catalog, string name, AgentServiceOptions options)
    {
        var known = catalog.Find(name);
        if (known is not null)
        {
            return options.Kind is { } kind ? known with { Kind = kind } : known;
        }

        var probe = options.Port is { } port ? ProbeDefinition.Tcp(port) : ProbeDefinition.Process();
        return new ServiceDefinition { Name = name, Kind = options.Kind ?? ServiceKind.ActiveActive, StartOrder = 1000, Probe = probe };
    }
}
