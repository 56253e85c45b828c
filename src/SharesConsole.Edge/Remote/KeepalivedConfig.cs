using System.Globalization;
using System.Net;
using System.Text;

namespace SharesConsole.Edge.Remote;

/// <summary>Settings of one edge host's keepalived configuration (see <see cref="KeepalivedConfig.Render"/>).</summary>
public sealed record KeepalivedSettings
{
    /// <summary>The interface that carries the VIP and the VRRP adverts.</summary>
    public required string Interface { get; init; }

    /// <summary>The VIP with its prefix length, e.g. <c>10.0.0.20/24</c>.</summary>
    public required string Vip { get; init; }

    /// <summary>1-254; the live edge with the highest priority holds the VIP. Give each edge its own.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>1-255, the same on every edge sharing this VIP and unique on the network segment.</summary>
    public int RouterId { get; init; } = 51;

    /// <summary>Seconds between adverts; VRRP version 3 allows centiseconds. Backups take over after about 3 adverts.</summary>
    public double AdvertInterval { get; init; } = 0.25;

    /// <summary>The local edge's health endpoint; the edge gives up the VIP when it stops answering 200.</summary>
    public string HealthUrl { get; init; } = "http://127.0.0.1:9180/healthz";

    /// <summary>Unicast peers (the other edges' addresses) where multicast is not allowed; empty uses multicast.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>The source address for unicast adverts; empty lets keepalived choose.</summary>
    public string? SourceAddress { get; init; }

    public string CurlPath { get; init; } = "/usr/bin/curl";

    /// <summary>The edge's <c>EdgeHost:VrrpTrackFile</c>: the VIP leaves at once when it says the edge stopped or died.</summary>
    public string? TrackFile { get; init; }
}

/// <summary>Writes a keepalived configuration for an edge host: VRRP v3 with sub-second adverts and a track script on the edge's health.</summary>
public static class KeepalivedConfig
{
    /// <summary>The problems with <paramref name="settings"/>, empty when it can be rendered.</summary>
    public static IReadOnlyList<string> Validate(KeepalivedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Interface) || settings.Interface.Length > 15 || settings.Interface.Any(c => char.IsWhiteSpace(c) || c is '"' or '{' or '}' or '/'))
        {
            errors.Add($"--interface '{settings.Interface}' is not an interface name.");
        }

        if (!IsAddressWithPrefix(settings.Vip))
        {
            errors.Add($"--vip '{settings.Vip}' must be an address with its prefix length, e.g. 10.0.0.20/24.");
        }

        if (settings.Priority is < 1 or > 254)
        {
            errors.Add($"--priority must be between 1 and 254 (was {settings.Priority}).");
        }

        if (settings.RouterId is < 1 or > 255)
        {
            errors.Add($"--router-id must be between 1 and 255 (was {settings.RouterId}).");
        }

        if (settings.AdvertInterval is < 0.01 or > 40.95 || Math.Abs(Math.Round(settings.AdvertInterval * 100) - (settings.AdvertInterval * 100)) > 1e-9)
        {
            errors.Add($"--advert-int must be between 0.01 and 40.95 s in hundredths (was {settings.AdvertInterval}).");
        }

        if (!Uri.TryCreate(settings.HealthUrl, UriKind.Absolute, out var health) || health.Scheme != "http" || settings.HealthUrl.Contains('"', StringComparison.Ordinal))
        {
            errors.Add($"--health-url '{settings.HealthUrl}' must be an http URL.");
        }

        if (settings.TrackFile is { Length: > 0 } trackFile && (!Path.IsPathFullyQualified(trackFile) || trackFile.Any(c => c is '"' || char.IsWhiteSpace(c))))
        {
            errors.Add($"--track-file '{trackFile}' must be an absolute path without spaces or quotes.");
        }

        foreach (var peer in settings.Peers.Append(settings.SourceAddress).OfType<string>())
        {
            if (!IPAddress.TryParse(peer, out _))
            {
                errors.Add($"'{peer}' is not an IP address.");
            }
        }

        return errors;
    }

    private static bool IsAddressWithPrefix(string? text)
    {
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0
            && IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    public static string Render(KeepalivedSettings settings)
    {
        var errors = Validate(settings);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(settings));
        }

        var advert = settings.AdvertInterval.ToString("0.00", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# keepalived configuration for a SharesConsole edge (printed by `SharesConsole.Edge keepalived`).");
        text.AppendLine("# Every edge sharing the VIP runs the same file with its own priority. The edge binds the VIP it may not hold:");
        text.AppendLine("# set net.ipv4.ip_nonlocal_bind=1 on the host (sysctl.d), as HAProxy setups do.");
        text.AppendLine("global_defs {");
        text.AppendLine("    vrrp_version 3");
        text.AppendLine("    enable_script_security");
        text.AppendLine("    script_user root");
        text.AppendLine("    vrrp_garp_master_delay 1");
        text.AppendLine("    vrrp_garp_master_repeat 3");
        text.AppendLine("    # After a partition heals both edges were masters: the one that keeps the VIP announces itself again, so");
        text.AppendLine("    # clients that learned the other edge's MAC during the cut come back at once (not when their ARP entry ages).");
        text.AppendLine("    vrrp_garp_lower_prio_repeat 3");
        text.AppendLine("    vrrp_higher_prio_send_advert");
        text.AppendLine("}");
        text.AppendLine();
        text.AppendLine("# 200 from the local edge's /healthz while it serves; one failure gives the VIP up, two successes take it back.");
        text.AppendLine("vrrp_script sharesconsole_edge {");
        text.AppendLine(CultureInfo.InvariantCulture, $"    script \"{settings.CurlPath} -fsS -m 0.8 -o /dev/null {settings.HealthUrl}\"");
        text.AppendLine("    interval 1");
        text.AppendLine("    timeout 1");
        text.AppendLine("    fall 1");
        text.AppendLine("    rise 2");
        text.AppendLine("}");
        text.AppendLine();
        if (settings.TrackFile is { Length: > 0 } file)
        {
            text.AppendLine("# The edge writes 0 here while it serves and 1 when it stops; its service manager writes 1 when it dies");
            text.AppendLine("# (ExecStopPost in deploy/sharesconsole-edge.service). keepalived reads it on every change: no waiting for the");
            text.AppendLine("# next health check. Until the edge has written it, the edge counts as not serving.");
            text.AppendLine("track_file sharesconsole_edge_alive {");
            text.AppendLine(CultureInfo.InvariantCulture, $"    file \"{file}\"");
            text.AppendLine("    weight 0");
            text.AppendLine("    init_file 1");
            text.AppendLine("}");
            text.AppendLine();
        }

        text.AppendLine("vrrp_instance sharesconsole_vip {");
        text.AppendLine("    state BACKUP");
        text.AppendLine("    # Once moved, the VIP stays on the edge that took it: a recovered edge does not take it back (a second move");
        text.AppendLine("    # would cost the sessions opened meanwhile). Priority decides only who takes it first.");
        text.AppendLine("    nopreempt");
        text.AppendLine(CultureInfo.InvariantCulture, $"    interface {settings.Interface}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    virtual_router_id {settings.RouterId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    priority {settings.Priority}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    advert_int {advert}");
        if (settings.SourceAddress is { Length: > 0 } source)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    unicast_src_ip {source}");
        }

        if (settings.Peers.Count > 0)
        {
            text.AppendLine("    unicast_peer {");
            foreach (var peer in settings.Peers)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"        {peer}");
            }

            text.AppendLine("    }");
        }

        text.AppendLine("    virtual_ipaddress {");
        text.AppendLine(CultureInfo.InvariantCulture, $"        {settings.Vip} dev {settings.Interface}");
        text.AppendLine("    }");
        text.AppendLine("    track_script {");
        text.AppendLine("        sharesconsole_edge");
        text.AppendLine("    }");
        if (settings.TrackFile is { Length: > 0 })
        {
            text.AppendLine("    track_file {");
            text.AppendLine("        sharesconsole_edge_alive");
            text.AppendLine("    }");
        }

        text.AppendLine("}");
        return text.ToString();
    }
}
