using Prometheus;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Web.Edges;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Web.Metrics;

/// <summary>
/// The Prometheus view of the cluster, in a registry of its own (no static global state): edge
/// counters, edge processes, node and service states, heartbeat ages, epoch, failover counts and durations.
/// Gauges are refreshed from the current state just before each scrape.
/// </summary>
public sealed class SharesMetrics : IDisposable
{
    private readonly IClusterStateSource _state;
    private readonly IEdgeCounters? _edge;
    private readonly IDnsQueryCounter? _dns;
    private readonly ITransferPathInfo? _transferPath;
    private readonly OperationTracker _operations;
    private readonly HashSet<Guid> _counted = [];
    private readonly Lock _gate = new();
    private readonly Counter _edgeRequests, _edgeResponses, _edgeBytesIn, _edgeBytesOut, _edgeErrors, _edgeDatagrams, _failovers, _dnsQueries;
    private readonly Gauge _edgeOpen, _edgeFlows, _nodeUp, _nodeVerdict, _nodeActive, _heartbeatAge, _serviceState, _epoch, _operationRunning, _nodeAgentConnected,
        _storageFit, _storageStatus, _storageLatency, _storageFree, _storageFailures, _diskHeartbeat;
    private readonly Histogram _failoverDuration;
    private readonly EdgeStatusMetrics? _edges;
    private readonly Gauge _edgeTransferPath;

    public SharesMetrics(
        IClusterStateSource state, OperationTracker operations, IEdgeCounters? edge = null, IDnsQueryCounter? dns = null, EdgeBoardSource? edges = null,
        ControlPlane.Leadership.ILeadership? leadership = null, ITransferPathInfo? transferPath = null)
    {
        _state = state;
        _operations = operations;
        _edge = edge;
        _dns = dns;
        _transferPath = transferPath;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        string[] np = ["node", "protocol"];
        _edgeRequests = f.CreateCounter("sharesconsole_edge_requests_total", "HTTP requests, TCP connections or UDP flows the edge handed to a node.", np);
        _edgeResponses = f.CreateCounter("sharesconsole_edge_responses_total", "HTTP responses from nodes by status class.", ["node", "protocol", "class"]);
        _edgeBytesIn = f.CreateCounter("sharesconsole_edge_received_bytes_total", "Bytes from clients to nodes.", np);
        _edgeBytesOut = f.CreateCounter("sharesconsole_edge_sent_bytes_total", "Bytes from nodes back to clients.", np);
        _edgeErrors = f.CreateCounter("sharesconsole_edge_errors_total", "Forwarding errors.", np);
        _edgeDatagrams = f.CreateCounter("sharesconsole_edge_datagrams_total", "UDP datagrams forwarded.", np);
        _edgeOpen = f.CreateGauge("sharesconsole_edge_open_connections", "HTTP requests in flight or open TCP connections.", np);
        _edgeTransferPath = f.CreateGauge("sharesconsole_edge_transfer_path", "1 for the path that carries SSH and FASP (kernel: nftables DNAT, relay: userspace), 0 for the other.", ["path"]);
        _edgeFlows = f.CreateGauge("sharesconsole_edge_open_udp_flows", "Open UDP flows.", np);
        _nodeUp = f.CreateGauge("sharesconsole_node_up", "1 when the node may serve (healthy, degraded or draining).", ["node"]);
        _nodeVerdict = f.CreateGauge("sharesconsole_node_verdict", "1 for the node's current verdict, 0 for the others.", ["node", "verdict"]);
        _nodeActive = f.CreateGauge("sharesconsole_node_active", "1 for the active node.", ["node"]);
        _nodeAgentConnected = f.CreateGauge("sharesconsole_node_agent_connected", "1 while the node's agent is connected.", ["node"]);
        _heartbeatAge = f.CreateGauge("sharesconsole_node_heartbeat_age_seconds", "Age of the node agent's last heartbeat.", ["node"]);
        _storageFit = f.CreateGauge("sharesconsole_node_storage_fit", "1 while the node's shared storage lets it host the active/passive group (agents that probe only).", ["node"]);
        _storageStatus = f.CreateGauge("sharesconsole_node_storage_status", "1 for the outcome of the node's last shared-storage probe, 0 for the others.", ["node", "status"]);
        _storageLatency = f.CreateGauge("sharesconsole_node_storage_latency_seconds", "Write + fsync + read back + delete of the node's probe file on the shared storage.", ["node"]);
        _storageFree = f.CreateGauge("sharesconsole_node_storage_free_bytes", "Free bytes on the shared storage as the node sees it.", ["node"]);
        _diskHeartbeat = f.CreateGauge("sharesconsole_node_disk_heartbeat_ok", "1 while the node's disk-heartbeat slot on the shared storage is written (the poison pill can reach it), 0 when failing (agents that run one only).", ["node"]);
        _storageFailures = f.CreateGauge("sharesconsole_node_storage_consecutive_failures", "Shared-storage probes failed in a row on the node.", ["node"]);
        _serviceState = f.CreateGauge("sharesconsole_service_state", "1 for the observed state of a service on a node.", ["node", "service", "state"]);
        _epoch = f.CreateGauge("sharesconsole_cluster_epoch", "Cluster epoch (raised on every change of the active node).");
        _operationRunning = f.CreateGauge("sharesconsole_operation_running", "1 while a failover, switchover or drill runs.");
        _failovers = f.CreateCounter("sharesconsole_failovers_total", "Finished failovers, switchovers and drills.", ["kind", "status"]);
        _failoverDuration = f.CreateHistogram("sharesconsole_failover_duration_seconds", "Duration of finished failovers, switchovers and drills.",
            new HistogramConfiguration { LabelNames = ["kind"], Buckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600] });
        _dnsQueries = f.CreateCounter("sharesconsole_dns_queries_total", "DNS queries handled by the built-in responder, by response code (result), or dropped unanswered.", ["result"]);
        _edges = edges is null ? null : new EdgeStatusMetrics(f, edges);
        _leadership = leadership;
        _leader = f.CreateGauge("sharesconsole_controlplane_leader", "1 while this control-plane instance is the leader (always 1 with a single instance).", ["instance"]);
        _term = f.CreateGauge("sharesconsole_controlplane_term", "The leader term this instance holds (0 while it follows, or with a single instance).");
        Registry.AddBeforeCollectCallback(Refresh);
        _operations.Changed += OnOperation;
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _operations.Changed -= OnOperation;

    private void OnOperation(object? sender, EventArgs e)
    {
        if (_operations.LastFailover is { } last)
        {
            Record(last);
        }
    }

    /// <summary>Counts a finished operation once.</summary>
    public void Record(OperationSummary operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Status is OperationStatus.Pending or OperationStatus.Running)
        {
            return;
        }

        lock (_gate)
        {
            if (!_counted.Add(operation.Id))
            {
                return;
            }
        }

        var kind = operation.Kind.ToString().ToLowerInvariant();
        _failovers.WithLabels(kind, operation.Status.ToString().ToLowerInvariant()).Inc();
        if (operation.Duration is { } duration && duration >= TimeSpan.Zero)
        {
            _failoverDuration.WithLabels(kind).Observe(duration.TotalSeconds);
        }
    }

    private readonly ControlPlane.Leadership.ILeadership? _leadership;
    private readonly Gauge _leader, _term;

    private void Refresh()
    {
        if (_leadership is { } leadership)
        {
            _leader.WithLabels(leadership.InstanceName).Set(leadership.IsLeader ? 1 : 0);
            _term.Set(leadership.IsLeader ? leadership.Term : 0);
        }

        var state = _state.Current;
        _epoch.Set(state.Topology.Epoch);
        _operationRunning.Set(state.RunningOperation is null ? 0 : 1);
        foreach (var node in state.Nodes)
        {
            _nodeUp.WithLabels(node.Name).Set(node.Verdict is NodeVerdict.Healthy or NodeVerdict.Degraded or NodeVerdict.Draining ? 1 : 0);
            foreach (var verdict in Enum.GetValues<NodeVerdict>())
            {
                _nodeVerdict.WithLabels(node.Name, verdict.ToString().ToLowerInvariant()).Set(node.Verdict == verdict ? 1 : 0);
            }

            _nodeActive.WithLabels(node.Name).Set(node.IsActive ? 1 : 0);
            _nodeAgentConnected.WithLabels(node.Name).Set(node.AgentConnected ? 1 : 0);
            if (node.HeartbeatAge is { } age)
            {
                _heartbeatAge.WithLabels(node.Name).Set(Math.Max(0, age.TotalSeconds));
            }
            else
            {
                _heartbeatAge.RemoveLabelled(node.Name);
            }

            RefreshStorage(node);
            foreach (var service in state.Catalog.Services)
            {
                var observed = node.StateOf(service.Name);
                foreach (var s in Enum.GetValues<ObservedState>())
                {
                    _serviceState.WithLabels(node.Name, service.Name, s.ToString().ToLowerInvariant()).Set(observed == s ? 1 : 0);
                }
            }
        }

        RefreshEdge();
        _edges?.Refresh();
        if (_dns is not null)
        {
            foreach (var (result, count) in _dns.Snapshot())
            {
                _dnsQueries.WithLabels(result).IncTo(count);
            }
        }
    }

    /// <summary>Series only for nodes whose agent probes its storage: no report is unknown, not a zero.</summary>
    private void RefreshStorage(NodeSnapshot node)
    {
        if (node.Storage is not { } storage)
        {
            _storageFit.RemoveLabelled(node.Name);
            _storageLatency.RemoveLabelled(node.Name);
            _storageFree.RemoveLabelled(node.Name);
            _storageFailures.RemoveLabelled(node.Name);
            _diskHeartbeat.RemoveLabelled(node.Name);
            foreach (var status in Enum.GetValues<StorageStatus>())
            {
                _storageStatus.RemoveLabelled(node.Name, status.ToString().ToLowerInvariant());
            }

            return;
        }

        _storageFit.WithLabels(node.Name).Set(storage.FitForActive ? 1 : 0);
        _storageFailures.WithLabels(node.Name).Set(storage.ConsecutiveFailures);
        foreach (var status in Enum.GetValues<StorageStatus>())
        {
            _storageStatus.WithLabels(node.Name, status.ToString().ToLowerInvariant()).Set(storage.Status == status ? 1 : 0);
        }

        Set(_storageLatency, node.Name, storage.LatencyMs / 1000);
        Set(_diskHeartbeat, node.Name, storage.DiskHeartbeatOk is { } ok ? (ok ? 1 : 0) : null);
        Set(_storageFree, node.Name, storage.FreeBytes);
    }

    private static void Set(Gauge gauge, string node, double? value)
    {
        if (value is { } v)
        {
            gauge.WithLabels(node).Set(v);
        }
        else
        {
            gauge.RemoveLabelled(node);
        }
    }

    private void RefreshEdge()
    {
        if (_transferPath?.Active is { } active)
        {
            foreach (var path in new[] { TransferPath.Kernel, TransferPath.Relay })
            {
                _edgeTransferPath.WithLabels(path.ToString().ToLowerInvariant()).Set(path == active ? 1 : 0);
            }
        }

        if (_edge is null)
        {
            return;
        }

        foreach (var c in _edge.Snapshot())
        {
            var protocol = c.Protocol.ToString().ToLowerInvariant();
            _edgeRequests.WithLabels(c.Node, protocol).IncTo(c.Requests);
            _edgeResponses.WithLabels(c.Node, protocol, "1xx").IncTo(c.Responses1xx);
            _edgeResponses.WithLabels(c.Node, protocol, "2xx").IncTo(c.Responses2xx);
            _edgeResponses.WithLabels(c.Node, protocol, "3xx").IncTo(c.Responses3xx);
            _edgeResponses.WithLabels(c.Node, protocol, "4xx").IncTo(c.Responses4xx);
            _edgeResponses.WithLabels(c.Node, protocol, "5xx").IncTo(c.Responses5xx);
            _edgeBytesIn.WithLabels(c.Node, protocol).IncTo(c.BytesIn);
            _edgeBytesOut.WithLabels(c.Node, protocol).IncTo(c.BytesOut);
            _edgeErrors.WithLabels(c.Node, protocol).IncTo(c.Errors);
            _edgeDatagrams.WithLabels(c.Node, protocol).IncTo(c.Datagrams);
            _edgeOpen.WithLabels(c.Node, protocol).Set(c.OpenConnections);
            _edgeFlows.WithLabels(c.Node, protocol).Set(c.OpenUdpFlows);
        }
    }
}
