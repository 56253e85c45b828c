using System.Buffers;
using System.Text;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>The bytes of HTTP/1.1 syntax (RFC 9110/9112) the connection forwarder checks and compares.</summary>
internal static class HttpSyntax
{
    public static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    public static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>tchar: the characters of a method or a header name.</summary>
    public static readonly SearchValues<byte> Token =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Control characters other than HTAB: never in a field value (a bare CR or LF is how requests are smuggled).</summary>
    public static readonly SearchValues<byte> NotInValue = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>Visible ASCII: the characters of a request target.</summary>
    public static readonly SearchValues<byte> Visible = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    public static bool IsToken(ReadOnlySpan<byte> span) => span.Length > 0 && !span.ContainsAnyExcept(Token);

    public static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known) => Ascii.EqualsIgnoreCase(name, known);

    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    /// <summary>
    /// The header field line at the start of <paramref name="rest"/> (which holds whole CRLF-ended lines): its length
    /// without the CRLF, its name and its value without surrounding whitespace; false when it is not a token, a colon
    /// and a value free of control bytes.
    /// </summary>
    public static bool TryReadField(ReadOnlySpan<byte> rest, out int lineLength, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        lineLength = rest.IndexOf(CrLf);
        var line = rest[..lineLength];
        var colon = line.IndexOf((byte)':');
        name = colon > 0 ? line[..colon] : default;
        value = colon > 0 ? TrimOws(line[(colon + 1)..]) : default;
        return colon > 0 && IsToken(name) && !value.ContainsAny(NotInValue);
    }

    /// <summary>Headers that describe one connection, not the message: never passed from one side to the other.</summary>
    public static bool IsHopByHop(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => Is(name, "TE"u8),
        7 => Is(name, "Trailer"u8) || Is(name, "Upgrade"u8),
        10 => Is(name, "Connection"u8) || Is(name, "Keep-Alive"u8),
        16 => Is(name, "Proxy-Connection"u8),
        _ => false,
    };

    /// <summary>A decimal Content-Length; false for anything else (signs, spaces, lists, overflow).</summary>
    public static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>Whether a comma-separated header value lists <paramref name="token"/> (e.g. <c>close</c> in Connection).</summary>
    public static bool ListContains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Is(TrimOws(value[range]), token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the start of an incomplete request already shows it is not HTTP (control or non-ASCII bytes in the request
    /// line), so garbage gets its 400 at once instead of after the head-size limit or timeout.
    /// </summary>
    public static bool StartsBadly(ReadOnlySpan<byte> start)
    {
        var lineEnd = start.IndexOf((byte)'\r');
        var line = lineEnd < 0 ? start : start[..lineEnd];
        if (line.ContainsAnyExcept(RequestLine))
        {
            return true;
        }

        return lineEnd >= 0 && lineEnd + 1 < start.Length && start[lineEnd + 1] != (byte)'\n';
    }

    private static readonly SearchValues<byte> RequestLine = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Where the head ends (index just past the empty line), or -1 while it is incomplete.</summary>
    public static int FindHeadEnd(ReadOnlySpan<byte> buffer)
    {
        var at = buffer.IndexOf(HeadEnd);
        return at < 0 ? -1 : at + HeadEnd.Length;
    }
}
