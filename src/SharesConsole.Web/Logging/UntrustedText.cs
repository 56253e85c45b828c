using System.Globalization;
using System.Text;

namespace SharesConsole.Web.Logging;

/// <summary>
/// Makes a value that came from a request (a path, a header, a query value, a user name) safe to put in a log message:
/// line breaks and other control or separator characters are written as escapes, so a caller cannot forge a log entry
/// of its own or hide one, and the value is cut to a length that keeps one request from filling the log.
/// </summary>
public static class UntrustedText
{
    public const int DefaultMaxLength = 128;

    public static string ForLog(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var cut = value.Length > maxLength;
        var text = cut ? value[..maxLength] : value;
        if (!cut && !text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case var _ when NeedsEscape(c):
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return cut ? builder.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)").ToString() : builder.ToString();
    }

    // Control characters (C0, DEL, C1 with NEL), the Unicode line and paragraph separators, and the bidirectional
    // overrides and isolates that make a terminal show text in another order than it was written.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';
}
