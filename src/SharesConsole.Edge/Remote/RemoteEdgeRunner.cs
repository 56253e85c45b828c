using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Dns.Transport;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Hosting;

namespace SharesConsole.Edge.Remote;

/// <summary>
/// Runs an edge process: loads the snapshot file (last configuration and pool health), connects to the control plane, and
/// opens the listeners as soon as a configuration is known — from the snapshot at once, or from the control plane's first
/// message. The listeners are resolved only then, because they are built from the topology.
/// </summary>
public sealed partial class RemoteEdgeRunner(
    IServiceProvider services,
    RemoteTopologySource topology,
    ControlPlaneClient client,
    IHostApplicationLifetime lifetime,
    ILogger<RemoteEdgeRunner> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _serving = Task.CompletedTask;
    private EdgeService? _edge;
    private DnsHostedService? _dns;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var snapshot = client.Snapshot.TryRead(out var problem);
        if (snapshot is not null)
        {
            topology.Apply(TopologyJson.Parse(snapshot.Topology), snapshot.Version, fromSnapshot: true);
            services.GetRequiredService<NodeHealthMonitor>().Seed(snapshot.Health.Select(h => (h.Node, h.Pool, h.Up)));
            LogFromSnapshot(logger, snapshot.Version, snapshot.SavedAt, client.Snapshot.Path);
        }
        else if (problem is not null)
        {
            LogBadSnapshot(logger, client.Snapshot.Path, problem);
        }
        else
        {
            LogNoSnapshot(logger, client.Snapshot.Path);
        }

        client.Start();
        _serving = ServeWhenConfiguredAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task ServeWhenConfiguredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await topology.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            _edge = services.GetRequiredService<EdgeService>();
            await _edge.StartForwardingAsync(cancellationToken).ConfigureAwait(false);
            _dns = services.GetRequiredService<DnsHostedService>();
            await _dns.StartServingAsync(cancellationToken).ConfigureAwait(false);
            client.Serving = true;
            LogServing(logger, topology.Version ?? "?", topology.FromSnapshot ? "the snapshot file" : "the control plane");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogCannotServe(logger, ex);
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _serving.ConfigureAwait(false);
        client.Serving = false;
        await client.DisposeAsync().ConfigureAwait(false);
        if (_dns is not null)
        {
            await _dns.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_edge is not null)
        {
            await _edge.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Serving configuration {Version} from the snapshot file {Path} (saved {SavedAt:u}) until the control plane answers")]
    private static partial void LogFromSnapshot(ILogger logger, string version, DateTimeOffset savedAt, string path);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Ignoring the snapshot file {Path}: {Problem}; waiting for the control plane's configuration")]
    private static partial void LogBadSnapshot(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Information, Message = "No snapshot file at {Path} yet; waiting for the control plane's configuration")]
    private static partial void LogNoSnapshot(ILogger logger, string path);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Information, Message = "Edge serving configuration {Version} from {Source}")]
    private static partial void LogServing(ILogger logger, string version, string source);

    [LoggerMessage(EventId = 3214, Level = LogLevel.Critical, Message = "The edge cannot open its listeners; stopping")]
    private static partial void LogCannotServe(ILogger logger, Exception exception);
}
