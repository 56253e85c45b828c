using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Edges;

/// <summary>
/// Watches the edges once a second and records <c>edge.down</c>, <c>edge.up</c> and <c>edge.vip-moved</c> events (and so
/// their webhooks). A VIP holder set must hold for two looks in a row before it is reported, so keepalived's sub-second
/// hand-over is one "moved" event rather than "nobody" then "moved".
/// </summary>
public sealed partial class EdgeMonitor(EdgeRegistry registry, IEventRecorder events, TimeProvider time, ILogger<EdgeMonitor> logger) : BackgroundService
{
    private readonly HashSet<string> _up = new(StringComparer.OrdinalIgnoreCase);
    private string _reportedHolders = "";
    private string _seenHolders = "";
    private int _seenCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await LookAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One look at the registry (public for tests; looks never overlap).</summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LookOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LookOnceAsync(CancellationToken cancellationToken)
    {
        var edges = registry.Snapshot();
        foreach (var edge in edges)
        {
            if (edge.Up && _up.Add(edge.Name) && edge.LastReport is not null && _seen.Contains(edge.Name))
            {
                await events.RecordAsync(EventKinds.EdgeUp, $"Edge {edge.Name} is serving again (configuration {edge.LastReport.ConfigVersion}).", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else if (!edge.Up && _up.Remove(edge.Name))
            {
                var why = !edge.Connected ? "its connection to the control plane closed" : edge.LastReport?.Serving == false ? "it reports it is not serving" : "it has not reported for 5 s";
                await events.RecordAsync(EventKinds.EdgeDown, $"Edge {edge.Name} is down: {why}.", severity: EventSeverity.Warning, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            _seen.Add(edge.Name);
        }

        var holders = string.Join(", ", edges.Where(e => e.HoldsVip).Select(e => e.Name));
        _seenCount = holders == _seenHolders ? _seenCount + 1 : 1;
        _seenHolders = holders;
        if (_seenCount < 2 || holders == _reportedHolders)
        {
            return;
        }

        var before = _reportedHolders;
        _reportedHolders = holders;
        if (!_settled)
        {
            _settled = true;   // what this control plane found at its start is no move
            return;
        }

        if (edges.Count(e => e.HoldsVip) > 1)
        {
            await events.RecordAsync(EventKinds.VipMoved, $"More than one edge holds the VIP ({holders}): check keepalived and the network between the edges.", severity: EventSeverity.Error, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (holders.Length == 0)
        {
            await events.RecordAsync(EventKinds.VipMoved, $"No edge reports holding the VIP (last holder: {Or(before)}).", severity: EventSeverity.Warning, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await events.RecordAsync(EventKinds.VipMoved, $"The VIP moved from {Or(before)} to {Or(holders)}.", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private bool _settled;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private static string Or(string holders) => holders.Length == 0 ? "no edge" : $"edge {holders}";

    [LoggerMessage(EventId = 5153, Level = LogLevel.Warning, Message = "Could not record an edge event; trying again in a second")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
