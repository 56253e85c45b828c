using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SharesConsole.Data.Stores;

/// <summary>
/// Keeps webhook secrets encrypted at rest with ASP.NET Data Protection (the host's key ring). A stored secret is
/// <c>dp1:</c> and the protected payload; a value without the prefix is a plaintext secret from before encryption,
/// still readable until <see cref="WebhookStore.ProtectPlaintextSecretsAsync"/> rewrites it.
/// </summary>
public sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector("SharesConsole.Webhooks.Secret.v1");

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + _protector.Protect(secret);
    }

    /// <summary>The plaintext secret; null when it was protected with a key this host does not have (a lost key ring).</summary>
    public string? Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
