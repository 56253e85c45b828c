using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.Lab;

/// <summary>
/// Tokens of the lab's own agents, kept under <c>Lab:Directory/tokens</c> like a real agent keeps its token in its
/// configuration. A node that has a token the lab never issued was enrolled for an agent elsewhere: the lab leaves it alone.
/// </summary>
public sealed class LabNodeTokens(INodeTokenIssuer issuer, INodeTokenValidator validator, IOptions<LabOptions> lab)
{
    /// <summary>The token for the lab agent of <paramref name="node"/>, issued when needed; null when the node is not the lab's.</summary>
    public async Task<string?> GetAsync(string node, CancellationToken cancellationToken)
    {
        var path = PathOf(node);
        if (File.Exists(path))
        {
            var kept = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            if (await validator.ValidateAsync(node, kept, cancellationToken).ConfigureAwait(false))
            {
                return kept;
            }
        }
        else if (await issuer.HasTokenAsync(node, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var token = await issuer.IssueAsync(node, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, token, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }

    private string PathOf(string node) => Path.Combine(Path.GetFullPath(lab.Value.Directory), "tokens", node.ToLowerInvariant() + ".token");
}
