namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>
/// An exclusive lock file in the shared lab directory (flock through FileShare.None), standing in for the
/// shared MySQL data files that only one node may open. The owner file says who holds it.
/// </summary>
internal sealed class LabLock(string directory, string serviceName, string nodeName) : ILabStandIn
{
    private FileStream? _lock;

    public string LockPath => Path.Combine(directory, serviceName + ".lock");

    private string OwnerPath => Path.Combine(directory, serviceName + ".owner");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new LabLockHeldException(
                $"Double start refused: {serviceName} already runs on {ReadOwner()} (lock {LockPath} is held).");
        }

        File.WriteAllText(OwnerPath, nodeName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    public void Abort() => Release();

    private void Release()
    {
        if (Interlocked.Exchange(ref _lock, null) is { } held)
        {
            try
            {
                if (string.Equals(ReadOwner(), nodeName, StringComparison.Ordinal))
                {
                    File.Delete(OwnerPath);
                }
            }
            finally
            {
                held.Dispose();
            }
        }
    }

    private string ReadOwner()
    {
        try
        {
            return File.ReadAllText(OwnerPath).Trim();
        }
        catch (IOException)
        {
            return "another node";
        }
    }
}
