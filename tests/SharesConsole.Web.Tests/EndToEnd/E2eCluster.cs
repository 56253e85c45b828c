using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.EndToEnd;

/// <summary>
/// One lab cluster for one scenario: the control plane in this process on real Kestrel, and node-a and node-b
/// as separate agent processes on their own loopback addresses (127.0.10.x, a block per scenario) sharing a lab
/// directory in a temp folder. Every child process is killed on dispose, whatever happened.
/// </summary>
public sealed partial class E2eCluster : IAsyncDisposable
{
    public static readonly string[] NodeNames = ["node-a", "node-b"];

    private readonly ITestOutputHelper _output;
    private readonly string _root = Directory.CreateTempSubdirectory("sharesconsole-e2e-").FullName;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPAddress> _addresses = [];
    private readonly IPAddress _controlPlaneAddress;
    private readonly int _port;
    private readonly Dictionary<string, string> _settings;
    private readonly bool _productionWatchdog;
    private readonly IReadOnlyDictionary<string, string[]> _agentArgs;
    private volatile bool _stoppingControlPlane;
    private volatile string? _unexpectedStop;

    private E2eCluster(int block, ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings, bool productionWatchdog, IReadOnlyDictionary<string, string[]>? agentArgs)
    {
        _output = output;
        _productionWatchdog = productionWatchdog;
        _agentArgs = agentArgs ?? new Dictionary<string, string[]>();
        var first = 100 + (10 * block);
        var vip = Loopback.EndToEnd.Address(first).ToString();
        _controlPlaneAddress = Loopback.EndToEnd.Address(first + 3);
        _port = Ports.FreeTcp(_controlPlaneAddress);
        _settings = new Dictionary<string, string>
        {
            ["Cluster:Vip"] = vip,
            ["Cluster:WebPort"] = "18080",
            ["Cluster:WebTlsPort"] = "0",
            ["Cluster:SshPort"] = LabDefaults.TransferPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:FaspPort"] = LabDefaults.TransferPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:DnsPort"] = "18053",
            ["Dns:Enabled"] = "false",
            // Several clusters share this host and process: one nftables table for all of them would collide.
            ["Edge:TransferPath"] = "Relay",
            ["Lab:Directory"] = LabDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }

        for (var i = 0; i < NodeNames.Length; i++)
        {
            var address = Loopback.EndToEnd.Address(first + 1 + i);
            _addresses[NodeNames[i]] = address;
            _settings[$"Cluster:Nodes:{i}:Name"] = NodeNames[i];
            _settings[$"Cluster:Nodes:{i}:Address"] = address.ToString();
            _settings[$"Cluster:Nodes:{i}:WebPort"] = LabDefaults.WebPort.ToString(CultureInfo.InvariantCulture);
            _settings[$"Cluster:Nodes:{i}:WebTls"] = "false";
            _settings[$"Cluster:Nodes:{i}:Preference"] = i.ToString(CultureInfo.InvariantCulture);
        }
    }

    public E2eControlPlane ControlPlane { get; private set; } = null!;

    public Dictionary<string, AgentProcess> Agents { get; } = new(StringComparer.Ordinal);

    public string LabDirectory => Path.Combine(_root, "lab");

    public string SharedDirectory => Path.Combine(LabDirectory, "shared");

    public ClusterState State => _unexpectedStop is { } why
        ? throw new InvalidOperationException(why)
        : ControlPlane.Services.GetRequiredService<IClusterStateSource>().Current;

    /// <summary>Starts the control plane and both agents and waits until node-a runs the group and the edge routes to both.</summary>
    /// <param name="productionWatchdog">Agents also run the lease watchdog process (<c>Agent:Watchdog=true</c>), as in production.</param>
    /// <param name="agentArgs">More configuration arguments per node's agent.</param>
    public static async Task<E2eCluster> StartAsync(
        int block, ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null, bool productionWatchdog = false, IReadOnlyDictionary<string, string[]>? agentArgs = null)
    {
        var cluster = new E2eCluster(block, output, settings, productionWatchdog, agentArgs);
        try
        {
            Directory.CreateDirectory(cluster.LabDirectory);
            cluster.StartControlPlane();
            var issuer = cluster.ControlPlane.Services.GetRequiredService<INodeTokenIssuer>();
            foreach (var node in NodeNames)
            {
                // Enrolment: the token is kept hashed in the database, so it survives a control-plane restart.
                cluster._tokens[node] = await issuer.IssueAsync(node, CancellationToken.None);
                cluster.StartAgent(node);
            }

            var formed = Stopwatch.StartNew();
            await cluster.WaitAsync(formed, () => cluster.IsFullyHealthy("node-a"), "both nodes healthy, node-a running the group, edge routing to both");
            output.WriteLine($"cluster formed in {formed.Elapsed.TotalSeconds:0.0} s");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public AgentProcess StartAgent(string node)
    {
        var agent = AgentProcess.Start(node, _addresses[node].ToString(), ControlPlane.Url, _tokens[node], LabDirectory, _root, _productionWatchdog, _agentArgs.GetValueOrDefault(node));
        Agents[node] = agent;
        return agent;
    }

    /// <summary>Stops the control plane (its jobs are cancelled mid-step) and starts a new one over the same database and port.</summary>
    public async Task RestartControlPlaneAsync()
    {
        _stoppingControlPlane = true;
        await ControlPlane.DisposeAsync();
        _stoppingControlPlane = false;
        StartControlPlane();
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds (cap: 120 s; a timeout describes the cluster and the agents'
    /// last log lines); returns the time since <paramref name="since"/> started.
    /// </summary>
    public async Task<TimeSpan> WaitAsync(Stopwatch since, Func<bool> condition, string what, int capSeconds = 120)
    {
        ArgumentNullException.ThrowIfNull(since);
        await Poll.UntilAsync(condition, what, TimeSpan.FromSeconds(capSeconds), Describe);
        return since.Elapsed;
    }

    public bool EdgeRoutesTo(string node) => ControlPlane.Services.GetRequiredService<INodeHealthSource>().IsUp(node, PoolKind.Web);

    /// <summary>The node is active, no operation runs, and it reports every active/passive service running with its probe passing.</summary>
    public bool GroupHealthyOn(string node)
    {
        var state = State;
        return state.RunningOperation is null
            && string.Equals(state.Topology.ActiveNode, node, StringComparison.Ordinal)
            && state.Find(node) is { AgentConnected: true } snapshot
            && Group.All(s => snapshot.Services.GetValueOrDefault(s) is { State: ObservedState.Running, ProbeOk: true });
    }

    public static IReadOnlyList<string> Group { get; } = [.. LabDefaults.Catalog.ActivePassiveStartOrder.Select(s => s.Name)];

    public void Print(string scenario, params (string What, TimeSpan? After)[] figures)
    {
        var line = $"[failover e2e] {scenario}: " + string.Join(", ", figures.Select(f => $"{f.What} {(f.After is { } t ? $"{t.TotalSeconds:0.00} s" : "n/a")}"));
        _output.WriteLine(line);
        Console.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents.Values)
        {
            await agent.DisposeAsync();
        }

        if (ControlPlane is not null)
        {
            _stoppingControlPlane = true;
            await ControlPlane.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is harmless.
        }
    }

    private bool IsFullyHealthy(string active)
    {
        var state = State;
        return GroupHealthyOn(active)
            && state.Nodes.All(n => n.Verdict == NodeVerdict.Healthy && n.AgentEpoch == state.Topology.Epoch)
            && NodeNames.All(n => EdgeRoutesTo(n) && ControlPlane.Services.GetRequiredService<INodeHealthSource>().IsUp(n, PoolKind.Transfer));
    }

    private void StartControlPlane()
    {
        ControlPlane = new E2eControlPlane(Path.Combine(_root, "control-plane"), _controlPlaneAddress, _port, _settings);
        Directory.CreateDirectory(Path.Combine(_root, "control-plane"));
        ControlPlane.StartServer();
        // A control plane that stops on its own (a background service that faulted stops the host) would surface
        // as ObjectDisposedException somewhere later; record why, and State reports it instead.
        var host = ControlPlane;
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            if (!_stoppingControlPlane)
            {
                var faults = host.Services.GetServices<IHostedService>().OfType<BackgroundService>()
                    .Where(b => b.ExecuteTask?.Exception is not null)
                    .Select(b => $"{b.GetType().Name}: {b.ExecuteTask!.Exception}");
                _unexpectedStop = $"The control plane stopped on its own.\n{string.Join("\n", faults)}";
            }
        });
    }

    private string Describe()
    {
        var text = new StringBuilder();
        try
        {
            var state = State;
            text.AppendLine(CultureInfo.InvariantCulture, $"active {state.Topology.ActiveNode}, epoch {state.Topology.Epoch}, operation {state.RunningOperation?.Kind} {state.RunningOperation?.CurrentStep}");
            foreach (var node in state.Nodes)
            {
                var services = string.Join(" ", node.Services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).Select(s => $"{s.Service}={s.State}/{s.ProbeOk}"));
                text.AppendLine(CultureInfo.InvariantCulture, $"  {node.Name}: {node.Verdict}, agent {(node.AgentConnected ? "connected" : "disconnected")}, heartbeat age {node.HeartbeatAge?.TotalSeconds:0.0} s, epoch {node.AgentEpoch}, web {EdgeRoutesTo(node.Name)}, {services}");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            text.AppendLine("(no control plane state: " + e.Message + ")");
        }

        foreach (var log in Directory.EnumerateFiles(_root, "agent-*.log"))
        {
            text.AppendLine("--- " + Path.GetFileName(log));
            foreach (var line in File.ReadLines(log).TakeLast(15))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }
}
