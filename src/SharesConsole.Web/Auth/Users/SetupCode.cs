using System.Security.Cryptography;
using System.Text;

namespace SharesConsole.Web.Auth.Users;

/// <summary>
/// The one-time code that the setup page asks for while no admin exists (like Jenkins' initial admin password): it is
/// issued at start, printed to standard output once, and kept only as a SHA-256 hash. A restart issues a new one.
/// </summary>
public sealed class SetupCode
{
    // Crockford's base32 without look-alikes: 20 characters, 100 bits, typed from a terminal without ambiguity.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;

    private byte[]? _hash;

    public bool IsIssued => Volatile.Read(ref _hash) is not null;

    /// <summary>Replaces any earlier code with a new one and returns it (the only time it exists in clear).</summary>
    public string Issue()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        Volatile.Write(ref _hash, Hash(code));
        return string.Join('-', code.Chunk(5).Select(c => new string(c)));
    }

    /// <summary>True when <paramref name="code"/> is the issued one (dashes, spaces and case ignored); constant time.</summary>
    public bool Verify(string? code)
    {
        var expected = Volatile.Read(ref _hash);
        return expected is not null && code is not null && code.Length <= 64 && CryptographicOperations.FixedTimeEquals(expected, Hash(Normalize(code)));
    }

    /// <summary>Forgets the code: the setup it guarded is done.</summary>
    public void Retire() => Volatile.Write(ref _hash, null);

    private static string Normalize(string code) =>
        new([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);

    private static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(code));
}
