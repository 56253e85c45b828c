using System.Net;

namespace SharesConsole.Data.Conversions;

/// <summary>Reads text columns back into Core values; a hand-edited bad value gets an error naming the column.</summary>
internal static class StoredText
{
    public static IPAddress Address(string value, string column) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidDataException($"{column} '{value}' in the database is not an IP address.");

    public static T Enum<T>(string value, string column) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidDataException($"{column} '{value}' in the database is not a {typeof(T).Name}.");
}
