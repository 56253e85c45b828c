using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>
/// The kernel fast path: owns one nftables table that DNATs the VIP's SSH port and FASP ports to the nodes by bucket,
/// and keeps it in line with the pools. One reconcile at a time, on every pool change and every refresh interval:
/// read conntrack, plan the buckets (sticky while flows live), write the table in one transaction, delete the
/// conntrack entries of dead nodes, and feed nftables counters and conntrack flow counts into the edge counters.
/// </summary>
public sealed class KernelTransfer : IAsyncDisposable
{
    private readonly TransferContext _context;
    private readonly IKernelCommands _commands;
    private readonly string _table;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, long> _lastCounters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeFlows> _drainables = new(StringComparer.Ordinal);
    private HashSet<(ProtocolType, IPAddress, int, int)> _seenFlows = [];
    private ImmutableArray<string?> _buckets = [];
    private KernelLayout? _layout;
    private PoolSnapshot? _applied;
    private Task _loop = Task.CompletedTask;
    private bool _wrote;
    private int _disposed;

    public KernelTransfer(TransferContext context, IKernelCommands commands)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _commands = commands;
        _table = context.Options.KernelTable;
    }

    /// <summary>The node of each bucket in force (null: no node).</summary>
    public ImmutableArray<string?> Buckets => _buckets;

    /// <summary>The pools the table was last brought in line with (the pools may already be newer).</summary>
    public PoolSnapshot? Applied => Volatile.Read(ref _applied);

    /// <summary>Whether the table is in place (RedirectAll) or absent (WebOnly).</summary>
    public bool IsOpen => Volatile.Read(ref _layout) is not null;

    public static string Owner => $"sharesconsole-edge pid {Environment.ProcessId}";

    /// <summary>Writes the table for the current pools (throws when nft refuses), then follows changes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReconcileAsync(throwOnFailure: true, cancellationToken).ConfigureAwait(false);
        _context.Pools.Changed += OnPoolsChanged;
        _loop = LoopAsync(_stopping.Token);
    }

    private void OnPoolsChanged(object? sender, PoolSnapshot snapshot)
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change already asked for a reconcile.
            }
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitForChangeOrTickAsync(cancellationToken).ConfigureAwait(false);
                await ReconcileAsync(throwOnFailure: false, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WaitForChangeOrTickAsync(CancellationToken cancellationToken)
    {
        using var tick = new CancellationTokenSource(_context.Options.KernelRefreshInterval, _context.TimeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, tick.Token);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The refresh interval passed without a pool change.
        }
    }

    /// <summary>Brings the table, conntrack and counters in line with the pools now.</summary>
    public async Task ReconcileAsync(bool throwOnFailure, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReconcileLockedAsync(throwOnFailure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileLockedAsync(bool throwOnFailure, CancellationToken cancellationToken)
    {
        var snapshot = _context.Pools.Current;
        var topology = snapshot.Topology;
        if (topology.Settings.Architecture != ArchitectureType.RedirectAll)
        {
            if (_layout is not null && await NftAsync(NftScript.Delete(_table), throwOnFailure, cancellationToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _layout, null);
                _buckets = [];
                EdgeLog.KernelTable(_context.Logger, _table, "removed (WebOnly: transfers go straight to the nodes)");
            }

            Volatile.Write(ref _applied, snapshot);
            return;
        }

        var layout = KernelLayout.TryCreate(topology, _table, _context.Options.KernelMasquerade, out var reason);
        if (layout is null)
        {
            if (throwOnFailure)
            {
                throw new InvalidOperationException($"The kernel transfer path cannot carry the topology: {reason}.");
            }

            if (_context.Throttle.ShouldLog("kernel-layout", out var suppressed))
            {
                EdgeLog.KernelLayoutRefused(_context.Logger, reason!, suppressed);
            }

            return;
        }

        var listed = await TryListFlowsAsync(layout, cancellationToken).ConfigureAwait(false);
        var flows = listed ?? [];
        var nodeOf = layout.Nodes.GroupBy(n => n.Address).ToDictionary(g => g.Key, g => g.First().Name);
        var live = new HashSet<(int, string)>();
        foreach (var flow in flows)
        {
            if (flow.IsLive && nodeOf.TryGetValue(flow.ReplySource, out var node))
            {
                live.Add((Jhash.Bucket(flow.Source), node));
            }
        }

        if (listed is null)
        {
            // Without conntrack's word every bucket may hold a session: none moves back, only those of lost nodes move.
            for (var bucket = 0; bucket < _buckets.Length; bucket++)
            {
                if (_buckets[bucket] is { } node)
                {
                    live.Add((bucket, node));
                }
            }
        }

        var members = snapshot.Transfer.Members.Select(m => new BucketCandidate(m.Node, m.Weight)).ToArray();
        var plan = BucketPlanner.Plan(_buckets, members, live);
        if (_layout?.Key != layout.Key)
        {
            if (!await NftAsync(NftScript.Create(layout, plan, Owner), throwOnFailure, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            _wrote = true;
            EdgeLog.KernelTable(_context.Logger, _table, $"written for VIP {layout.Vip} (SSH {layout.SshPort}, FASP {layout.FaspFirst}-{layout.FaspLast})");
            Volatile.Write(ref _layout, layout);
            _lastCounters.Clear();
        }
        else if (!plan.AsSpan().SequenceEqual(_buckets.AsSpan())
                 && !await NftAsync(NftScript.UpdateBuckets(layout, plan), throwOnFailure, cancellationToken).ConfigureAwait(false))
        {
            // Most likely someone removed the table (nft flush ruleset): write all of it again next time.
            Volatile.Write(ref _layout, null);
            return;
        }

        _buckets = [.. plan];
        await EndFlowsOfLostNodesAsync(layout, topology, members, flows, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _applied, snapshot);
        TrackDrains(layout, topology);
        CountFlows(layout, flows, nodeOf);
        await ReadCountersAsync(layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A node that left the pool without the operator's drain (probes failed, or removed) keeps no flow.</summary>
    private async Task EndFlowsOfLostNodesAsync(
        KernelLayout layout, ClusterTopology topology, BucketCandidate[] members, IReadOnlyList<ConntrackFlow> flows, CancellationToken cancellationToken)
    {
        foreach (var node in layout.Nodes)
        {
            var state = topology.Find(node.Name);
            var draining = state is not null && (state.IsDrained || state.IsExcluded);
            if (!draining && !members.Any(m => m.Node == node.Name) && flows.Any(f => f.ReplySource.Equals(node.Address)))
            {
                await DeleteFlowsAsync(layout, node, "it left the pool", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A drained node's flows continue; the drain registry ends them at the deadline through this handle.</summary>
    private void TrackDrains(KernelLayout layout, ClusterTopology topology)
    {
        foreach (var node in layout.Nodes)
        {
            if (!_drainables.TryGetValue(node.Name, out var drainable))
            {
                drainable = new NodeFlows(this, node);
                _drainables[node.Name] = drainable;
            }

            var state = topology.Find(node.Name);
            if (state is not null && (state.IsDrained || state.IsExcluded))
            {
                _context.Drain.Track(node.Name, drainable);
            }
            else
            {
                _context.Drain.Untrack(node.Name, drainable);
            }
        }
    }

    /// <summary>The layout's flows in conntrack; empty when conntrack cannot be read (the failure is logged).</summary>
    public async Task<IReadOnlyList<ConntrackFlow>> ListFlowsAsync(KernelLayout layout, CancellationToken cancellationToken) =>
        await TryListFlowsAsync(layout, cancellationToken).ConfigureAwait(false) ?? [];

    private async Task<IReadOnlyList<ConntrackFlow>?> TryListFlowsAsync(KernelLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var result = await _commands.RunAsync("conntrack", ["-L", "-d", layout.Vip.ToString()], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed("conntrack -L", result);
            return null;
        }

        return [.. ConntrackFlow.Parse(result.Output).Where(layout.Carries)];
    }

    private async Task DeleteFlowsAsync(KernelLayout layout, KernelNode node, string why, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync(
            "conntrack", ["-D", "-d", layout.Vip.ToString(), "-r", node.Address.ToString()], null, cancellationToken).ConfigureAwait(false);
        // conntrack exits 1 when nothing matched: the flows ended by themselves meanwhile.
        if (!result.Succeeded && !result.Error.Contains("0 flow entries", StringComparison.Ordinal))
        {
            Failed("conntrack -D", result);
            return;
        }

        EdgeLog.KernelFlowsDeleted(_context.Logger, node.Name, why);
    }

    private void CountFlows(KernelLayout layout, IReadOnlyList<ConntrackFlow> flows, Dictionary<IPAddress, string> nodeOf)
    {
        var seen = new HashSet<(ProtocolType, IPAddress, int, int)>();
        var open = layout.Nodes.ToDictionary(n => n.Name, _ => (Tcp: 0L, Udp: 0L), StringComparer.Ordinal);
        foreach (var flow in flows)
        {
            if (!nodeOf.TryGetValue(flow.ReplySource, out var node))
            {
                continue;
            }

            var key = (flow.Protocol, flow.Source, flow.SourcePort, flow.DestinationPort);
            seen.Add(key);
            var protocol = flow.Protocol == ProtocolType.Tcp ? EdgeProtocol.Ssh : EdgeProtocol.Fasp;
            if (!_seenFlows.Contains(key))
            {
                _context.Counters.For(node, protocol).AddRequests(1);
            }

            if (flow.IsLive)
            {
                var (tcp, udp) = open[node];
                open[node] = protocol == EdgeProtocol.Ssh ? (tcp + 1, udp) : (tcp, udp + 1);
            }
        }

        _seenFlows = seen;
        foreach (var (node, (tcp, udp)) in open)
        {
            _context.Counters.For(node, EdgeProtocol.Ssh).SetOpen(tcp);
            _context.Counters.For(node, EdgeProtocol.Fasp).SetFlows(udp);
        }
    }

    private async Task ReadCountersAsync(KernelLayout layout, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("nft", ["-j", "list", "counters", "table", "ip", _table], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Most likely someone removed the table: write all of it again next time.
            Failed("nft list counters", result);
            Volatile.Write(ref _layout, null);
            return;
        }

        var counters = NftCounters.Parse(result.Output);
        for (var i = 0; i < layout.Nodes.Length; i++)
        {
            var node = layout.Nodes[i].Name;
            foreach (var kind in NftScript.CounterKinds)
            {
                var name = NftScript.CounterName(i, kind);
                if (!counters.TryGetValue(name, out var value))
                {
                    continue;
                }

                var packets = Delta($"{name}/p", value.Packets);
                var bytes = Delta($"{name}/b", value.Bytes);
                switch (kind)
                {
                    case "ssh_in": _context.Counters.For(node, EdgeProtocol.Ssh).In(bytes); break;
                    case "ssh_out": _context.Counters.For(node, EdgeProtocol.Ssh).Out(bytes); break;
                    case "fasp_in": _context.Counters.For(node, EdgeProtocol.Fasp).Datagrams(packets, bytes); break;
                    case "fasp_out": _context.Counters.For(node, EdgeProtocol.Fasp).Out(bytes); break;
                }
            }
        }
    }

    private long Delta(string key, long value)
    {
        var last = _lastCounters.GetValueOrDefault(key);
        _lastCounters[key] = value;
        return value >= last ? value - last : value;
    }

    private async Task<bool> NftAsync(string script, bool throwOnFailure, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync("nft", ["-f", "-"], script, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return true;
        }

        if (throwOnFailure)
        {
            throw new InvalidOperationException($"nft refused the kernel path's table {_table}: {result.FirstErrorLine}");
        }

        Failed("nft -f", result);
        return false;
    }

    private void Failed(string command, CommandResult result)
    {
        if (_context.Throttle.ShouldLog($"kernel {command}", out var suppressed))
        {
            EdgeLog.KernelCommandFailed(_context.Logger, command, result.FirstErrorLine, suppressed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _context.Pools.Changed -= OnPoolsChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Whatever the last reconcile left (the layout may be unknown after a failed read), the table goes.
            if (_wrote)
            {
                await NftAsync(NftScript.Delete(_table), throwOnFailure: false, CancellationToken.None).ConfigureAwait(false);
                Volatile.Write(ref _layout, null);
                EdgeLog.KernelTable(_context.Logger, _table, "removed");
            }
        }
        finally
        {
            _gate.Release();
        }

        _stopping.Dispose();
    }

    /// <summary>A drained node's kernel flows as one drainable: closing it deletes their conntrack entries.</summary>
    private sealed class NodeFlows(KernelTransfer owner, KernelNode node) : IDrainable
    {
        public void Close() => _ = CloseAsync();

        private async Task CloseAsync()
        {
            var layout = Volatile.Read(ref owner._layout);
            if (layout is not null)
            {
                await owner.DeleteFlowsAsync(layout, node, "the drain deadline passed", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
