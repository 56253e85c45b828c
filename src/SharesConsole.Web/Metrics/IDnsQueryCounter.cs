namespace SharesConsole.Web.Metrics;

/// <summary>DNS responder totals by result: the response code ("noerror", "nxdomain", "refused", ...) or "dropped".</summary>
public interface IDnsQueryCounter
{
    IReadOnlyList<(string Result, long Count)> Snapshot();
}
