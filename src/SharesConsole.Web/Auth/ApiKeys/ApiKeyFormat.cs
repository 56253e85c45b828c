using System.Security.Cryptography;
using System.Text;

namespace SharesConsole.Web.Auth.ApiKeys;

/// <summary>
/// Keys look like <c>sck_&lt;8 hex prefix&gt;_&lt;43 base64url secret&gt;</c>. The prefix finds the row;
/// only a SHA-256 of the whole key is stored (the key has 256 random bits, so no slow hash is needed).
/// </summary>
public static class ApiKeyFormat
{
    private const string Tag = "sck_";
    private const int PrefixLength = 8;

    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Tag}{prefix}_{secret}", prefix);
    }

    /// <summary>The lookup prefix of a well-formed key, or null.</summary>
    public static string? PrefixOf(string? key)
    {
        if (key is null || key.Length < Tag.Length + PrefixLength + 2 || key.Length > 200 || !key.StartsWith(Tag, StringComparison.Ordinal) ||
            key[Tag.Length + PrefixLength] != '_')
        {
            return null;
        }

        var prefix = key.Substring(Tag.Length, PrefixLength);
        return prefix.All(char.IsAsciiHexDigitLower) ? prefix : null;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}
