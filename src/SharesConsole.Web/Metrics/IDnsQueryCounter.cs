namespace SharesConsole.Web.Metrics;

/// <summary>DNS responder totals by result (e.g. "answered", "nxdomain", "refused"); implemented over the DNS module's counters.</summary>
public interface IDnsQueryCounter
{
    IReadOnlyList<(string Result, long Count)> Snapshot();
}
