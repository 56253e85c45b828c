using SharesConsole.Edge.Dns;

namespace SharesConsole.Web.Metrics;

/// <summary>Exposes the DNS responder's <see cref="DnsQueryCounters"/> to the metrics view.</summary>
internal sealed class DnsQueryCounterAdapter(DnsQueryCounters counters) : IDnsQueryCounter
{
    public IReadOnlyList<(string Result, long Count)> Snapshot() => counters.Snapshot();
}
