using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Health;

/// <summary>
/// Probes every node for every pool at the topology's interval and keeps a rise/fall verdict per node and pool.
/// Forwarders report failed connects here too (passive ejection).
/// </summary>
public sealed class NodeHealthMonitor(
    IClusterTopologySource topology,
    IHealthProbe probe,
    TimeProvider timeProvider,
    ILogger<NodeHealthMonitor> logger) : INodeHealthSource, IAsyncDisposable
{
    private static readonly PoolKind[] Pools = [PoolKind.Web, PoolKind.Transfer];
    private readonly ConcurrentDictionary<(string Node, PoolKind Pool), RiseFallCounter> _verdicts = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public event EventHandler? Changed;

    public bool IsUp(string node, PoolKind pool) =>
        _verdicts.TryGetValue((node, pool), out var counter) && counter.IsUp;

    /// <summary>
    /// Runs the first probe round, then keeps probing in the background until disposed. With verdicts seeded from a
    /// snapshot (<see cref="Seed"/>) the first round runs in the background too: the edge serves the last-known health
    /// at once and corrects it as the probes answer.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_verdicts.IsEmpty)
        {
            await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
            _loop = LoopAsync(_stopping.Token);
        }
        else
        {
            _loop = LoopAsync(_stopping.Token, probeFirst: true);
        }
    }

    /// <summary>Sets last-known verdicts (from the edge's snapshot file) for node/pool pairs not probed yet.</summary>
    public void Seed(IEnumerable<(string Node, PoolKind Pool, bool Up)> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var settings = topology.Current.Settings.HealthCheck;
        foreach (var (node, pool, up) in verdicts)
        {
            var counter = new RiseFallCounter();
            counter.Observe(up, settings.Rise, settings.Fall);
            _verdicts.TryAdd((node, pool), counter);
        }
    }

    /// <summary>Every verdict known, ordered by node then pool.</summary>
    public IReadOnlyList<(string Node, PoolKind Pool, bool Up)> Verdicts() =>
        [.. _verdicts.OrderBy(v => v.Key.Node, StringComparer.Ordinal).ThenBy(v => v.Key.Pool).Select(v => (v.Key.Node, v.Key.Pool, v.Value.IsUp))];

    /// <summary>A forwarder could not connect to the node: counts as a failed probe.</summary>
    public void ReportFailure(string node, PoolKind pool) => Record(node, pool, "connect failed in traffic");

    private async Task LoopAsync(CancellationToken cancellationToken, bool probeFirst = false)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!probeFirst)
                {
                    await Task.Delay(topology.Current.Settings.HealthCheck.Interval, timeProvider, cancellationToken).ConfigureAwait(false);
                }

                probeFirst = false;
                await ProbeAllAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        var current = topology.Current;
        var timeout = current.Settings.HealthCheck.Timeout;
        var probes = new List<Task>();
        foreach (var node in current.Nodes)
        {
            foreach (var pool in Pools)
            {
                probes.Add(ProbeOneAsync(node.Node, pool, timeout, cancellationToken));
            }
        }

        await Task.WhenAll(probes).ConfigureAwait(false);
    }

    private async Task ProbeOneAsync(NodeDefinition node, PoolKind pool, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            failure = await probe.ProbeAsync(node, pool, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ex.Message;
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            Record(node.Name, pool, failure);
        }
    }

    private void Record(string node, PoolKind pool, string? failure)
    {
        if (failure is not null)
        {
            EdgeLog.ProbeFailed(logger, node, pool, failure);
        }

        var settings = topology.Current.Settings.HealthCheck;
        var counter = _verdicts.GetOrAdd((node, pool), static _ => new RiseFallCounter());
        if (counter.Observe(failure is null, settings.Rise, settings.Fall))
        {
            EdgeLog.HealthChanged(logger, node, counter.IsUp ? "up" : "down", pool);
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
