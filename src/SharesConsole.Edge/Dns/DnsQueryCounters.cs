using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns;

/// <summary>
/// Queries the responder handled, by response code (UDP and TCP together), plus those dropped without an answer.
/// One interlocked increment per query, no allocation; read by the metrics exporter.
/// </summary>
public sealed class DnsQueryCounters
{
    private const int Dropped = 0;
    private const int Other = 1;

    // Index 2 + rcode for the codes the responder can send; everything else counts as "other".
    private static readonly string[] Names = ["dropped", "other", "noerror", "formerr", "servfail", "nxdomain", "notimp", "refused"];

    private readonly long[] _counts = new long[Names.Length + 1];

    /// <summary>Totals since start as (result, count): "noerror", "formerr", "servfail", "nxdomain", "notimp", "refused", "badvers", "other", "dropped".</summary>
    public IReadOnlyList<(string Result, long Count)> Snapshot()
    {
        var result = new (string, long)[_counts.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            result[i] = (Names[i], Volatile.Read(ref _counts[i]));
        }

        result[^1] = ("badvers", Volatile.Read(ref _counts[^1]));
        return result;
    }

    internal void CountDropped() => Interlocked.Increment(ref _counts[Dropped]);

    internal void CountAnswered(int rcode)
    {
        var index = rcode switch
        {
            >= DnsRCode.NoError and <= DnsRCode.Refused => 2 + rcode,
            DnsRCode.BadVers => _counts.Length - 1,
            _ => Other,
        };
        Interlocked.Increment(ref _counts[index]);
    }
}
