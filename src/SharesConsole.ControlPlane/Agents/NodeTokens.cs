using System.Security.Cryptography;
using System.Text;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Issues node tokens and hashes them for storage (SHA-256; tokens are 256-bit random, so no salt or stretching is needed).</summary>
public static class NodeTokens
{
    public static string Generate() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Constant-time comparison of a presented token with a stored hash.</summary>
    public static bool Matches(string token, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        var presented = Encoding.ASCII.GetBytes(Hash(token));
        var stored = Encoding.ASCII.GetBytes(storedHash.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
