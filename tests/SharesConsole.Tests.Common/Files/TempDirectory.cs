namespace SharesConsole.Tests.Common.Files;

/// <summary>
/// A fresh directory under the system temp folder, deleted on dispose. The default prefix is short on purpose:
/// Unix socket paths inside it (MariaDB's, for one) must stay under 108 bytes.
/// </summary>
public sealed class TempDirectory(string prefix = "sc-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Something (SQLite, a child process) may hold a file a moment longer; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // The same for a file a child process left read-only.
        }
    }
}
