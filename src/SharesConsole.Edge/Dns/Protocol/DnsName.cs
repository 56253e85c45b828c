namespace SharesConsole.Edge.Dns.Protocol;

/// <summary>Bounded reading and comparing of wire-format names (RFC 1035 4.1.4).</summary>
internal static class DnsName
{
    public const int MaxLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>Strictly backwards pointers already rule out loops; the cap bounds the work anyway.</summary>
    public const int MaxPointerHops = 32;

    private const int HeaderLength = 12;

    /// <summary>
    /// Reads the name at <paramref name="offset"/>, following compression pointers, into
    /// <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) as uncompressed wire format.
    /// <paramref name="next"/> is the offset after the name where it starts.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int length, out int next)
    {
        length = 0;
        next = -1;
        var pos = offset;
        var hops = 0;
        while (true)
        {
            if ((uint)pos >= (uint)message.Length)
            {
                return false;
            }

            int label = message[pos];
            switch (label & 0xC0)
            {
                case 0 when label == 0:
                    if (length + 1 > MaxLength || destination.Length < length + 1)
                    {
                        return false;
                    }

                    destination[length++] = 0;
                    next = next < 0 ? pos + 1 : next;
                    return true;
                case 0:
                    if (pos + 1 + label > message.Length || length + 1 + label + 1 > MaxLength || destination.Length < length + 1 + label)
                    {
                        return false;
                    }

                    message.Slice(pos, 1 + label).CopyTo(destination[length..]);
                    length += 1 + label;
                    pos += 1 + label;
                    break;
                case 0xC0:
                    if (pos + 1 >= message.Length || ++hops > MaxPointerHops)
                    {
                        return false;
                    }

                    var target = ((label & 0x3F) << 8) | message[pos + 1];
                    if (target >= pos || target < HeaderLength)
                    {
                        return false;
                    }

                    next = next < 0 ? pos + 2 : next;
                    pos = target;
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>Compares two uncompressed wire names, ASCII case-insensitively.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> name, ReadOnlySpan<byte> other)
    {
        if (name.Length != other.Length)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (Lower(name[i]) != Lower(other[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Offset inside <paramref name="name"/> where <paramref name="suffix"/> starts on a label boundary, or -1.</summary>
    public static int SuffixOffset(ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix)
    {
        var pos = 0;
        while (pos < name.Length)
        {
            if (name.Length - pos == suffix.Length && EqualsIgnoreCase(name[pos..], suffix))
            {
                return pos;
            }

            if (name[pos] == 0)
            {
                return -1;
            }

            pos += 1 + name[pos];
        }

        return -1;
    }

    /// <summary>Encodes a dotted name ("a.b.", "a.b") as lower-case wire format; null when it is not a valid host name.</summary>
    public static byte[]? Encode(string? dotted)
    {
        if (string.IsNullOrWhiteSpace(dotted))
        {
            return null;
        }

        var text = dotted.Trim().TrimEnd('.');
        var labels = text.Split('.');
        var result = new byte[text.Length + 2];
        var pos = 0;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength || !label.All(IsHostChar))
            {
                return null;
            }

            result[pos++] = (byte)label.Length;
            foreach (var c in label)
            {
                result[pos++] = Lower((byte)c);
            }
        }

        result[pos] = 0;
        return result.Length > MaxLength ? null : result;
    }

    /// <summary>Renders a wire name as dotted text with a trailing dot (for logs and tests).</summary>
    public static string ToText(ReadOnlySpan<byte> name)
    {
        var text = new System.Text.StringBuilder();
        var pos = 0;
        while (pos < name.Length && name[pos] != 0)
        {
            text.Append(System.Text.Encoding.ASCII.GetString(name.Slice(pos + 1, name[pos]))).Append('.');
            pos += 1 + name[pos];
        }

        return text.Length == 0 ? "." : text.ToString();
    }

    private static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}
