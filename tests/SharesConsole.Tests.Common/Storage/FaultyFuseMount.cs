using System.Diagnostics;
using System.Globalization;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Tests.Common.Storage;

/// <summary>
/// A real FUSE mount (Storage/faultyfs.py, python3-fusepy) under a test's own directory that can be told to hang,
/// fail writes with EIO or turn read-only. Dispose releases any hang, unmounts lazily and ends the file system process,
/// whatever the test did.
/// </summary>
public sealed class FaultyFuseMount : IAsyncDisposable
{
    private static readonly string Script = System.IO.Path.Combine(AppContext.BaseDirectory, "Storage", "faultyfs.py");
    private readonly Process _process;
    private readonly string _control;
    private readonly System.Text.StringBuilder _output = new();
    private string _mode = "ok";
    private long _free = 8L << 30;

    private FaultyFuseMount(string mountPoint, string control, Process process)
    {
        Path = mountPoint;
        _control = control;
        _process = process;
    }

    public string Path { get; }

    /// <summary>Mounts a fresh file system at <c>&lt;directory&gt;/mnt</c>, controlled through <c>&lt;directory&gt;/fs.control</c>.</summary>
    public static async Task<FaultyFuseMount> MountAsync(string directory)
    {
        var mountPoint = Directory.CreateDirectory(System.IO.Path.Combine(directory, "mnt")).FullName;
        var control = System.IO.Path.Combine(directory, "fs.control");
        await File.WriteAllTextAsync(control, "mode=ok\n");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Script, mountPoint, control })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var mount = new FaultyFuseMount(mountPoint, control, process);
        process.ErrorDataReceived += (_, e) => mount.Append(e.Data);
        process.OutputDataReceived += (_, e) => mount.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await Poll.UntilAsync(() => process.HasExited || IsMounted(mountPoint), $"faultyfs to be mounted at {mountPoint}");
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"faultyfs exited with {process.ExitCode} before mounting (is python3-fusepy installed? tests/run.sh installs it): {mount.Output}");
            }

            // In the mount table is not yet serving: ready once the file system itself answers (its statfs reports its size).
            await Poll.UntilAsync(() => process.HasExited || Serves(mountPoint), $"faultyfs at {mountPoint} to answer");

        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }

        return mount;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Hang() => Set("hang");

    public void FailWrites() => Set("eio");

    public void TurnReadOnly() => Set("erofs");

    public void Heal() => Set("ok");

    public void SetFreeBytes(long free)
    {
        _free = free;
        Write();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Whatever hangs in the file system returns first, so nothing stays stuck on the mount after the test.
            Heal();
        }
        catch (IOException)
        {
            // Unmount anyway.
        }

        using (var umount = Process.Start("umount", ["-l", Path]))
        {
            await umount.WaitForExitAsync();
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static bool Serves(string mountPoint)
    {
        try
        {
            return new DriveInfo(mountPoint).TotalSize == 16L << 30;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="path"/> is a mount point, from the mount table (never touching the mount).</summary>
    public static bool IsMounted(string path) =>
        File.ReadLines("/proc/self/mountinfo").Any(l => l.Split(' ') is { Length: > 4 } f && f[4] == path);

    private void Set(string mode)
    {
        _mode = mode;
        Write();
    }

    // Replaced by a rename: the file system never reads half a file.
    private void Write()
    {
        var next = _control + ".next";
        File.WriteAllText(next, string.Create(CultureInfo.InvariantCulture, $"mode={_mode}\nfree={_free}\n"));
        File.Move(next, _control, overwrite: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
