namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>
/// The shared storage's disk-heartbeat files as the agents see them (DiskHeartbeatLoop, SlotFiles): a pill per node,
/// written by the fencing node, and the pill each node last confirmed in its slot. Reads and writes are instant and
/// never fail here; a node that cannot read its pill (paused, dead) simply confirms nothing.
/// </summary>
internal sealed class SimDisk
{
    private readonly Dictionary<string, (string Id, long Epoch)> _pills = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _confirmed = new(StringComparer.Ordinal);

    public void WritePill(string node, string id, long epoch) => _pills[node] = (id, epoch);

    public (string Id, long Epoch)? Pill(string node) => _pills.TryGetValue(node, out var pill) ? pill : null;

    public void Confirm(string node, string pillId) => _confirmed[node] = pillId;

    public bool IsConfirmed(string node, string pillId) => _confirmed.TryGetValue(node, out var id) && id == pillId;
}
