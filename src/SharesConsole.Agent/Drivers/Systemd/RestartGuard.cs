namespace SharesConsole.Agent.Drivers.Systemd;

/// <summary>
/// A runtime drop-in <c>Restart=no</c> for a unit the agent manages, as Pacemaker installs: stock MariaDB/MySQL units
/// restart after an abnormal exit, so without it a fenced (SIGKILLed) mysqld would come back on its own. It lives under
/// /run (gone at reboot) and is removed when the agent stops managing the unit; each change is followed by
/// <c>systemctl daemon-reload</c>, without which systemd does not see it.
/// </summary>
internal sealed class RestartGuard(Systemctl systemctl, string unitDirectory, string unit)
{
    public const string FileName = "50-sharesconsole-fence.conf";

    private const string Content = """
        # Written by the SharesConsole agent while it manages this unit: a fenced node must not restart it.
        # Removed when the agent stops managing the unit; /run does not survive a reboot.
        [Service]
        Restart=no

        """;

    public string Path => PathOf(unitDirectory, unit);

    public static string PathOf(string unitDirectory, string unit) =>
        System.IO.Path.Combine(unitDirectory, UnitNames.Full(unit) + ".d", FileName);

    /// <summary>Writes the drop-in and reloads systemd; returns what went wrong, or null.</summary>
    public async Task<string?> InstallAsync(CancellationToken cancellationToken)
    {
        // Only the unit's own directory is created: a missing /run/systemd/system means no systemd runs here, and
        // creating it would tell other programs that one does.
        if (!Directory.Exists(unitDirectory))
        {
            return $"Cannot write {Path}: {unitDirectory} does not exist (is systemd running?)";
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temp = Path + ".tmp";
            await File.WriteAllTextAsync(temp, Content, cancellationToken).ConfigureAwait(false);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Cannot write {Path}: {e.Message}";
        }

        return await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the drop-in (and its directory when empty) and reloads systemd; returns what went wrong, or null.</summary>
    public async Task<string?> RemoveAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Cannot remove {Path}: {e.Message}";
        }

        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty (an administrator's own drop-ins live there too): only ours had to go.
        }

        return await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        var reload = await systemctl.DaemonReloadAsync(cancellationToken).ConfigureAwait(false);
        return reload.Ok ? null : reload.Describe();
    }
}
