namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// Reads a node's response head and writes the client's copy: the status line as HTTP/1.1, the headers less the
/// hop-by-hop ones, plus the affinity cookie when the balancer placed the request and <c>Connection: close</c> when the
/// client's connection ends with this response.
/// </summary>
internal static class ResponseHeadParser
{
    /// <param name="setCookie">A complete <c>Set-Cookie: ...\r\n</c> line to add, or empty.</param>
    /// <param name="client">At least the head's length plus <paramref name="setCookie"/>'s plus 64 bytes.</param>
    public static HeadResult Parse(ReadOnlySpan<byte> head, bool headRequest, bool clientCloses, ReadOnlySpan<byte> setCookie, Span<byte> client, out int written, out ResponseHead response)
    {
        response = new ResponseHead { Length = head.Length, ContentLength = -1, ClientCloses = clientCloses };
        written = 0;
        var lineEnd = head.IndexOf(HttpSyntax.CrLf);
        var line = head[..lineEnd];
        // HTTP/1.x SP 3DIGIT SP reason
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' ' || (line.Length > 12 && line[12] != (byte)' ')
            || !TryStatus(line.Slice(9, 3), out response.Status) || line[12..].ContainsAny(HttpSyntax.NotInValue))
        {
            return HeadResult.Malformed;
        }

        var http10 = line[7] == (byte)'0';
        response.NodeCloses = http10;
        var output = new HeadWriter(client);
        output.Append("HTTP/1.1"u8);
        output.Append(line[8..]);
        output.Append(HttpSyntax.CrLf);
        var chunked = false;
        var transferEncoding = false;
        var rest = head[(lineEnd + 2)..^2];
        while (!rest.IsEmpty)
        {
            if (!HttpSyntax.TryReadField(rest, out lineEnd, out var name, out var value))
            {
                return HeadResult.Malformed;
            }

            var keep = true;
            if (name.Length == 14 && HttpSyntax.Is(name, "Content-Length"u8))
            {
                if (!HttpSyntax.TryParseLength(value, out var length) || (response.ContentLength >= 0 && response.ContentLength != length))
                {
                    return HeadResult.Malformed;
                }

                keep = response.ContentLength < 0;
                response.ContentLength = length;
            }
            else if (name.Length == 17 && HttpSyntax.Is(name, "Transfer-Encoding"u8))
            {
                // The last coding decides: chunked ends by itself, any other ends with the close.
                transferEncoding = true;
                var last = value.LastIndexOf((byte)',');
                chunked = HttpSyntax.Is(HttpSyntax.TrimOws(last < 0 ? value : value[(last + 1)..]), "chunked"u8);
            }
            else if (name.Length == 10 && HttpSyntax.Is(name, "Connection"u8))
            {
                response.NodeCloses = http10 ? !HttpSyntax.ListContains(value, "keep-alive"u8) : response.NodeCloses | HttpSyntax.ListContains(value, "close"u8);
                keep = false;
            }
            else if (HttpSyntax.IsHopByHop(name))
            {
                keep = false;
            }

            if (keep)
            {
                output.Append(rest[..(lineEnd + 2)]);
            }

            rest = rest[(lineEnd + 2)..];
        }

        if (response.Status == 101 || (transferEncoding && response.ContentLength >= 0))
        {
            // The forwarder never asks for an upgrade, and both lengths at once is how responses are smuggled.
            return HeadResult.Malformed;
        }

        if (response.Interim)
        {
            response.Framing = BodyFraming.None;
        }
        else if (headRequest || response.Status is 204 or 304)
        {
            response.Framing = BodyFraming.None;
        }
        else if (transferEncoding)
        {
            response.Framing = chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
            response.ContentLength = -1;
        }
        else if (response.ContentLength >= 0)
        {
            response.Framing = BodyFraming.Length;
        }
        else
        {
            response.Framing = BodyFraming.UntilClose;
        }

        if (response.Framing == BodyFraming.UntilClose)
        {
            response.NodeCloses = true;
            response.ClientCloses = true;
        }

        if (!response.Interim)
        {
            output.Append(setCookie);
            if (response.ClientCloses)
            {
                output.Append("Connection: close\r\n"u8);
            }
        }

        output.Append(HttpSyntax.CrLf);
        written = output.Written;
        return HeadResult.Complete;
    }

    private static bool TryStatus(ReadOnlySpan<byte> digits, out int status)
    {
        status = 0;
        foreach (var b in digits)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            status = (status * 10) + (b - '0');
        }

        return status >= 100;
    }
}
