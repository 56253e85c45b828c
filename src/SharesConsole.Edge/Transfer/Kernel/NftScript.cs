using System.Globalization;
using System.Text;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>
/// The nft scripts of the kernel path, as text for <c>nft -f -</c>: each is one transaction, so the kernel applies all
/// of it or none. Pure: the runner that feeds them to nft lives elsewhere.
/// </summary>
public static class NftScript
{
    /// <summary>The counter kinds per node: protocol and direction (in: client to node).</summary>
    public static readonly IReadOnlyList<string> CounterKinds = ["ssh_in", "ssh_out", "fasp_in", "fasp_out"];

    /// <summary>Creates the table, replacing any earlier one of the same name (a crashed run's leftover), with the buckets.</summary>
    public static string Create(KernelLayout layout, IReadOnlyList<string?> buckets, string owner)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(owner);
        var t = layout.Table;
        var vip = layout.Vip.ToString();
        var s = new StringBuilder();
        // "add" then "delete" succeeds whether or not the table exists; the new table follows in the same transaction.
        s.Append(CultureInfo.InvariantCulture, $"add table ip {t}\ndelete table ip {t}\ntable ip {t} {{\n");
        s.Append(CultureInfo.InvariantCulture, $"\tcomment \"{Quote(owner)}\"\n");
        for (var i = 0; i < layout.Nodes.Length; i++)
        {
            foreach (var kind in CounterKinds)
            {
                s.Append(CultureInfo.InvariantCulture, $"\tcounter {CounterName(i, kind)} {{\n\t}}\n");
            }
        }

        s.Append("\tmap buckets {\n\t\ttypeof numgen inc mod 256 : ip daddr\n");
        AppendElements(s, BucketElements(layout, buckets));
        s.Append("\t}\n");
        foreach (var kind in CounterKinds)
        {
            s.Append(CultureInfo.InvariantCulture, $"\tmap {kind} {{\n\t\ttype ipv4_addr : counter\n");
            AppendElements(s, layout.Nodes.Select((n, i) => $"{n.Address} : \"{CounterName(i, kind)}\""));
            s.Append("\t}\n");
        }

        var hash = string.Create(CultureInfo.InvariantCulture, $"jhash ip saddr mod {Jhash.Buckets} seed 0x{Jhash.Seed:x8} map @buckets");
        var faspPorts = layout.FaspLast > layout.FaspFirst
            ? string.Create(CultureInfo.InvariantCulture, $"{layout.FaspFirst}-{layout.FaspLast}")
            : layout.FaspFirst.ToString(CultureInfo.InvariantCulture);
        var faspTo = layout.NodeFaspPort is { } port ? string.Create(CultureInfo.InvariantCulture, $" : {port}") : "";
        string[] dnat =
        [
            string.Create(CultureInfo.InvariantCulture, $"ip daddr {vip} tcp dport {layout.SshPort} dnat ip to {hash} : {layout.NodeSshPort}"),
            $"ip daddr {vip} udp dport {faspPorts} dnat ip to {hash}{faspTo}",
        ];
        // Clients on other hosts come in through prerouting; clients on this host (the lab, local tests) through output.
        AppendChain(s, "nat_pre", "type nat hook prerouting priority dstnat; policy accept;", dnat);
        AppendChain(s, "nat_out", "type nat hook output priority -100; policy accept;", dnat);
        if (layout.Masquerade)
        {
            AppendChain(s, "nat_post", "type nat hook postrouting priority srcnat; policy accept;",
                [$"ct original ip daddr {vip} ct status dnat masquerade"]);
        }

        // After DNAT (-100). Each packet is counted once: arriving from elsewhere in prerouting, sent from this host in output. Looped-back
        // packets pass output and then prerouting on lo, so prerouting skips lo.
        AppendChain(s, "count_pre", "type filter hook prerouting priority -90; policy accept;", ["iifname != \"lo\" jump count"]);
        AppendChain(s, "count_out", "type filter hook output priority -90; policy accept;", ["jump count"]);
        var ssh = string.Create(CultureInfo.InvariantCulture, $"ct original ip daddr {vip} ct original protocol tcp ct original proto-dst {layout.SshPort}");
        var fasp = $"ct original ip daddr {vip} ct original protocol udp ct original proto-dst {faspPorts}";
        AppendChain(s, "count", null,
        [
            $"{ssh} ct direction original counter name ct reply ip saddr map @ssh_in",
            $"{ssh} ct direction reply counter name ct reply ip saddr map @ssh_out",
            $"{fasp} ct direction original counter name ct reply ip saddr map @fasp_in",
            $"{fasp} ct direction reply counter name ct reply ip saddr map @fasp_out",
        ]);
        s.Append("}\n");
        return s.ToString();
    }

    /// <summary>Replaces the bucket map in one transaction: no packet sees it half written or empty.</summary>
    public static string UpdateBuckets(KernelLayout layout, IReadOnlyList<string?> buckets)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"flush map ip {layout.Table} buckets\n");
        var elements = BucketElements(layout, buckets).ToArray();
        if (elements.Length > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"add element ip {layout.Table} buckets {{ {string.Join(", ", elements)} }}\n");
        }

        return s.ToString();
    }

    /// <summary>Removes the table whether or not it exists.</summary>
    public static string Delete(string table) => $"add table ip {table}\ndelete table ip {table}\n";

    /// <summary>Creates and removes a scratch table in one transaction: succeeds only where the edge may change nftables.</summary>
    public static string Probe(string table) => $"add table ip {table}_probe\ndelete table ip {table}_probe\n";

    /// <summary>The named counter of node <paramref name="index"/> in the layout and a kind of <see cref="CounterKinds"/>.</summary>
    public static string CounterName(int index, string kind) => string.Create(CultureInfo.InvariantCulture, $"n{index}_{kind}");

    private static IEnumerable<string> BucketElements(KernelLayout layout, IReadOnlyList<string?> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var addresses = layout.Nodes.ToDictionary(n => n.Name, n => n.Address.ToString(), StringComparer.Ordinal);
        for (var bucket = 0; bucket < buckets.Count; bucket++)
        {
            if (buckets[bucket] is { } node && addresses.TryGetValue(node, out var address))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{bucket} : {address}");
            }
        }
    }

    private static void AppendElements(StringBuilder s, IEnumerable<string> elements)
    {
        var list = string.Join(", ", elements);
        if (list.Length > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"\t\telements = {{ {list} }}\n");
        }
    }

    private static void AppendChain(StringBuilder s, string name, string? hook, IEnumerable<string> rules)
    {
        s.Append(CultureInfo.InvariantCulture, $"\tchain {name} {{\n");
        if (hook is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"\t\t{hook}\n");
        }

        foreach (var rule in rules)
        {
            s.Append(CultureInfo.InvariantCulture, $"\t\t{rule}\n");
        }

        s.Append("\t}\n");
    }

    private static string Quote(string text) => text.Replace("\"", "'", StringComparison.Ordinal);
}
