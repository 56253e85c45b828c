using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>One conntrack entry: the client's original tuple and the node that answers it (reply source).</summary>
public sealed record ConntrackFlow(
    ProtocolType Protocol,
    IPAddress Source,
    int SourcePort,
    IPAddress Destination,
    int DestinationPort,
    IPAddress ReplySource,
    string? State)
{
    /// <summary>A TCP flow in TIME_WAIT or CLOSE is over: it must not hold its bucket for two minutes.</summary>
    public bool IsLive => Protocol != ProtocolType.Tcp || State is not ("TIME_WAIT" or "CLOSE");

    /// <summary>
    /// Parses <c>conntrack -L</c> lines such as
    /// <c>tcp 6 431999 ESTABLISHED src=A dst=V sport=1 dport=2 src=N dst=A sport=2 dport=1 [ASSURED] mark=0 use=1</c>;
    /// lines of other protocols or shapes are skipped.
    /// </summary>
    public static IReadOnlyList<ConntrackFlow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flows = new List<ConntrackFlow>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(line) is { } flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
    }

    private static ConntrackFlow? TryParse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4)
        {
            return null;
        }

        var protocol = fields[0] switch { "tcp" => ProtocolType.Tcp, "udp" => ProtocolType.Udp, _ => ProtocolType.Unknown };
        if (protocol == ProtocolType.Unknown)
        {
            return null;
        }

        string? state = protocol == ProtocolType.Tcp && !fields[3].Contains('=', StringComparison.Ordinal) ? fields[3] : null;
        var src = new List<string>(2);
        var dst = new List<string>(2);
        var sport = new List<string>(2);
        var dport = new List<string>(2);
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "src": src.Add(value); break;
                case "dst": dst.Add(value); break;
                case "sport": sport.Add(value); break;
                case "dport": dport.Add(value); break;
            }
        }

        if (src.Count < 2 || dst.Count < 1 || sport.Count < 1 || dport.Count < 1
            || !IPAddress.TryParse(src[0], out var source) || !IPAddress.TryParse(dst[0], out var destination)
            || !IPAddress.TryParse(src[1], out var replySource)
            || !int.TryParse(sport[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sourcePort)
            || !int.TryParse(dport[0], NumberStyles.None, CultureInfo.InvariantCulture, out var destinationPort))
        {
            return null;
        }

        return new ConntrackFlow(protocol, source, sourcePort, destination, destinationPort, replySource, state);
    }
}
