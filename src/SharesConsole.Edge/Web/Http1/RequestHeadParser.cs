using System.Text;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// Reads a complete HTTP/1.1 request head and writes the node's copy of it in the same pass: request line and headers
/// as received, less the hop-by-hop headers and the client's <c>X-Forwarded-*</c>/<c>Forwarded</c> (kept and extended
/// only from a trusted proxy), plus the edge's own <c>X-Forwarded-For/Proto/Host</c>, as <see cref="EdgeTransformer"/> does.
/// </summary>
internal sealed class RequestHeadParser(byte[]? affinityCookie)
{
    /// <summary>Room the node's head needs beyond the received head.</summary>
    public const int Extra = 256;

    /// <param name="head">The received head, through the empty line.</param>
    /// <param name="client">The client's address as text (<c>X-Forwarded-For</c>).</param>
    /// <param name="trusted">The client is a trusted proxy: its X-Forwarded-* are extended instead of replaced.</param>
    /// <param name="upstream">At least twice the head plus <see cref="Extra"/> bytes.</param>
    public HeadResult Parse(ReadOnlySpan<byte> head, ReadOnlySpan<byte> client, bool trusted, Span<byte> upstream, out int written, out RequestHead request)
    {
        request = new RequestHead { Length = head.Length, ContentLength = -1 };
        written = 0;
        var lineEnd = head.IndexOf(HttpSyntax.CrLf);
        var line = head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return HeadResult.Malformed;
        }

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        if (!HttpSyntax.IsToken(method) || target.ContainsAnyExcept(HttpSyntax.Visible))
        {
            return HeadResult.Malformed;
        }

        if (!version.SequenceEqual("HTTP/1.1"u8))
        {
            // HTTP/1.0 and HTTP/2's preface are Kestrel's; anything else is not HTTP at all.
            return version.Length == 8 && version.StartsWith("HTTP/"u8) ? HeadResult.HandOver : HeadResult.Malformed;
        }

        if (target[0] != (byte)'/' || HttpSyntax.Is(method, "CONNECT"u8))
        {
            return HeadResult.HandOver;
        }

        request.IsHead = method.SequenceEqual("HEAD"u8);
        request.Idempotent = request.IsHead || method.SequenceEqual("GET"u8) || method.SequenceEqual("PUT"u8)
            || method.SequenceEqual("DELETE"u8) || method.SequenceEqual("OPTIONS"u8) || method.SequenceEqual("TRACE"u8);
        var output = new HeadWriter(upstream);
        output.Append(head[..(lineEnd + 2)]);

        ReadOnlySpan<byte> host = default, earlierFor = default, earlierProto = default, earlierHost = default;
        var hosts = 0;
        var rest = head[(lineEnd + 2)..^2];
        while (!rest.IsEmpty)
        {
            if (!HttpSyntax.TryReadField(rest, out lineEnd, out var name, out var value))
            {
                return HeadResult.Malformed;
            }

            var keep = true;
            switch (Classify(name))
            {
                case Field.Host:
                    host = value;
                    hosts++;
                    break;
                case Field.ContentLength:
                    if (request.ContentLength >= 0 || !HttpSyntax.TryParseLength(value, out request.ContentLength))
                    {
                        return HeadResult.Malformed;
                    }

                    break;
                case Field.TransferEncoding:
                    if (request.Chunked)
                    {
                        return HeadResult.Malformed;
                    }

                    if (!HttpSyntax.Is(value, "chunked"u8))
                    {
                        return HeadResult.HandOver;
                    }

                    request.Chunked = true;
                    break;
                case Field.Connection:
                    if (HttpSyntax.ListContains(value, "upgrade"u8))
                    {
                        return HeadResult.HandOver;
                    }

                    request.Close |= HttpSyntax.ListContains(value, "close"u8);
                    keep = false;
                    break;
                case Field.Upgrade or Field.Expect or Field.Http2Settings:
                    return HeadResult.HandOver;
                case Field.HopByHop or Field.Forwarded:
                    keep = false;
                    break;
                case Field.ForwardedFor:
                    earlierFor = value;
                    keep = false;
                    break;
                case Field.ForwardedProto:
                    earlierProto = value;
                    keep = false;
                    break;
                case Field.ForwardedHost:
                    earlierHost = value;
                    keep = false;
                    break;
                case Field.Cookie when affinityCookie is not null:
                    request.AffinityNode ??= CookieValue(value, affinityCookie);
                    break;
            }

            if (keep)
            {
                output.Append(rest[..(lineEnd + 2)]);
            }

            rest = rest[(lineEnd + 2)..];
        }

        if (hosts != 1 || (request.Chunked && request.ContentLength >= 0))
        {
            return HeadResult.Malformed;
        }

        output.Append("X-Forwarded-For: "u8);
        if (trusted && !earlierFor.IsEmpty)
        {
            output.Append(earlierFor);
            output.Append(", "u8);
        }

        output.Append(client);
        output.Append("\r\nX-Forwarded-Proto: "u8);
        output.Append(trusted && !earlierProto.IsEmpty ? earlierProto : "http"u8);
        var forwardedHost = trusted && !earlierHost.IsEmpty ? earlierHost : host;
        if (!forwardedHost.IsEmpty)
        {
            output.Append("\r\nX-Forwarded-Host: "u8);
            output.Append(forwardedHost);
        }

        output.Append("\r\n\r\n"u8);
        written = output.Written;
        return HeadResult.Complete;
    }

    private enum Field
    {
        Other,
        Host,
        ContentLength,
        TransferEncoding,
        Connection,
        Upgrade,
        Expect,
        Http2Settings,
        HopByHop,
        Forwarded,
        ForwardedFor,
        ForwardedProto,
        ForwardedHost,
        Cookie,
    }

    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when HttpSyntax.Is(name, "Host"u8) => Field.Host,
        6 when HttpSyntax.Is(name, "Cookie"u8) => Field.Cookie,
        6 when HttpSyntax.Is(name, "Expect"u8) => Field.Expect,
        7 when HttpSyntax.Is(name, "Upgrade"u8) => Field.Upgrade,
        9 when HttpSyntax.Is(name, "Forwarded"u8) => Field.Forwarded,
        10 when HttpSyntax.Is(name, "Connection"u8) => Field.Connection,
        14 when HttpSyntax.Is(name, "Content-Length"u8) => Field.ContentLength,
        14 when HttpSyntax.Is(name, "HTTP2-Settings"u8) => Field.Http2Settings,
        15 when HttpSyntax.Is(name, "X-Forwarded-For"u8) => Field.ForwardedFor,
        16 when HttpSyntax.Is(name, "X-Forwarded-Host"u8) => Field.ForwardedHost,
        17 when HttpSyntax.Is(name, "X-Forwarded-Proto"u8) => Field.ForwardedProto,
        17 when HttpSyntax.Is(name, "Transfer-Encoding"u8) => Field.TransferEncoding,
        _ when HttpSyntax.IsHopByHop(name) => Field.HopByHop,
        _ => Field.Other,
    };

    private static string? CookieValue(ReadOnlySpan<byte> header, ReadOnlySpan<byte> name)
    {
        foreach (var range in header.Split((byte)';'))
        {
            var pair = HttpSyntax.TrimOws(header[range]);
            if (pair.Length > name.Length && pair[name.Length] == (byte)'=' && pair.StartsWith(name))
            {
                return Uri.UnescapeDataString(Encoding.ASCII.GetString(pair[(name.Length + 1)..]));
            }
        }

        return null;
    }
}
