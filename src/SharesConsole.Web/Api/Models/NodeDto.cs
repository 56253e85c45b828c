using SharesConsole.Core.State;

namespace SharesConsole.Web.Api.Models;

/// <summary>A node with its live verdict, heartbeat, probes and services.</summary>
public sealed record NodeDto(
    string Name,
    string Verdict,
    bool IsActive,
    IReadOnlyList<string> Intent,
    string ManagementAddress,
    string PublicAddress,
    string PrivateAddress,
    NodePortsDto Ports,
    int Preference,
    int Weight,
    bool AgentConnected,
    DateTimeOffset? LastHeartbeat,
    double? HeartbeatAgeMs,
    bool WebUp,
    bool TransferUp,
    long AgentEpoch,
    NodeMetrics? Metrics,
    IReadOnlyList<ServiceStateDto> Services)
{
    public static NodeDto From(NodeSnapshot n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var d = n.Node.Node;
        var intent = Enum.GetValues<Core.Cluster.OperatorIntent>()
            .Where(f => f != Core.Cluster.OperatorIntent.None && n.Node.Intent.HasFlag(f))
            .Select(f => f.ToString())
            .ToArray();
        return new(n.Name, n.Verdict.ToString(), n.IsActive, intent, d.ManagementAddress.ToString(), d.PublicAddress.ToString(),
            d.PrivateAddress.ToString(), new NodePortsDto(d.Ports.Web, d.Ports.WebTls, d.Ports.Ssh, d.Ports.Fasp, d.Ports.Noded),
            d.Preference, d.Weight, n.AgentConnected, n.LastHeartbeat, n.HeartbeatAge?.TotalMilliseconds, n.WebUp, n.TransferUp,
            n.AgentEpoch, n.Metrics, [.. n.Services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).Select(ServiceStateDto.From)]);
    }
}

public sealed record NodePortsDto(int Web, bool WebTls, int Ssh, int Fasp, int Noded);

public sealed record ServiceStateDto(string Service, string State, bool? ProbeOk, double? ProbeLatencyMs, string? Error, DateTimeOffset? Since)
{
    public static ServiceStateDto From(ServiceObservation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Service, o.State.ToString(), o.ProbeOk, o.ProbeLatencyMs, o.Error, o.Since);
    }
}
