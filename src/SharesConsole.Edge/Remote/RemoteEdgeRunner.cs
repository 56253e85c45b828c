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
    Microsoft.Extensions.Options.IOptions<EdgeHostOptions> options,
    TimeProvider time,
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
            WriteTrackFile("0");
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
        client.Serving = false;   // /healthz answers 503 from now: keepalived gives the VIP up at its next check
        WriteTrackFile("1");      // ... or at once, where it tracks the file
        await HandOverVipAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _serving.ConfigureAwait(false);
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

    /// <summary>Tells keepalived (its <c>track_file</c>) whether this edge serves: 0 yes, anything else no.</summary>
    private void WriteTrackFile(string value)
    {
        if (options.Value.VrrpTrackFile is not { Length: > 0 } path)
        {
            return;
        }

        try
        {
            // Written in place, not renamed over: keepalived watches this file.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, value + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTrackFileFailed(logger, path, ex.Message);
        }
    }

    [LoggerMessage(EventId = 3217, Level = LogLevel.Warning, Message = "Cannot write the keepalived track file {Path}: {Reason}; keepalived learns the edge's state from /healthz only")]
    private static partial void LogTrackFileFailed(ILogger logger, string path, string reason);

    /// <summary>While this edge holds the VIP, keeps serving until keepalived moved it (or the grace ran out).</summary>
    private async Task HandOverVipAsync(CancellationToken cancellationToken)
    {
        var grace = options.Value.StopGrace;
        if (grace <= TimeSpan.Zero || _edge is null || !topology.HasConfiguration || !VipOwnership.IsLocal(topology.Current.Settings.Vip))
        {
            return;
        }

        var started = time.GetTimestamp();
        LogHandingOver(logger, grace.TotalSeconds);
        try
        {
            while (VipOwnership.IsLocal(topology.Current.Settings.Vip) && time.GetElapsedTime(started) < grace)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        LogHandedOver(logger, time.GetElapsedTime(started).TotalSeconds, VipOwnership.IsLocal(topology.Current.Settings.Vip) ? "still here: closing anyway" : "moved");
    }

    [LoggerMessage(EventId = 3215, Level = LogLevel.Information, Message = "Stopping: /healthz answers 503 and the edge keeps serving up to {Grace} s while keepalived moves the VIP away")]
    private static partial void LogHandingOver(ILogger logger, double grace);

    [LoggerMessage(EventId = 3216, Level = LogLevel.Information, Message = "After {Seconds:0.00} s the VIP is {Outcome}; closing the listeners")]
    private static partial void LogHandedOver(ILogger logger, double seconds, string outcome);

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
