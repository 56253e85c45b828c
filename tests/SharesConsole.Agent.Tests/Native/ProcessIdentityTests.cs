using System.Diagnostics;
using SharesConsole.Agent.Native;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Native;

public sealed class ProcessIdentityTests : IDisposable
{
    private static readonly ProcessIdentity Nginx = new(4242, "/usr/sbin/nginx", ["/usr/sbin/nginx", "-c", "/etc/nginx/nginx.conf"], 1234567);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Read_LiveChildThenGone_ItsProgramArgumentsAndStartTimeThenNull()
    {
        using var sleep = Process.Start("/bin/sleep", ["600"]);
        var identity = ProcessIdentity.Read(sleep.Id);

        Assert.NotNull(identity);
        Assert.Equal(sleep.Id, identity.Pid);
        Assert.EndsWith("sleep", identity.Executable, StringComparison.Ordinal);
        Assert.Equal(["/bin/sleep", "600"], identity.CommandLine);
        Assert.True(identity.StartTime > 0);
        Assert.Equal(identity.StartTime, ProcessIdentity.Read(sleep.Id)!.StartTime);

        sleep.Kill();
        await sleep.WaitForExitAsync().WaitAsync("sleep to exit");
        Assert.Null(ProcessIdentity.Read(sleep.Id));
    }

    [Fact]
    public void Mismatch_SameProcessRetitledOrItsFileReplaced_None()
    {
        // nginx's master retitles itself; a package upgrade leaves the running program "(deleted)".
        Assert.Null(Nginx.Mismatch(Nginx with { CommandLine = ["nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf"] }));
        Assert.Null(Nginx.Mismatch(Nginx with { Executable = "/usr/sbin/nginx (deleted)" }));
    }

    [Fact]
    public void Mismatch_OtherStartProgramOrArguments_SaysWhich()
    {
        Assert.Contains("started at tick 1234568", Nginx.Mismatch(Nginx with { StartTime = 1234568 }), StringComparison.Ordinal);
        Assert.Contains("runs /usr/bin/sleep", Nginx.Mismatch(Nginx with { Executable = "/usr/bin/sleep" }), StringComparison.Ordinal);
        Assert.Contains("command line is '/usr/sbin/nginx -c /tmp/other.conf'", Nginx.Mismatch(Nginx with { CommandLine = ["/usr/sbin/nginx", "-c", "/tmp/other.conf"] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_RecordSavedThenGarbled_OwnedThenForeign()
    {
        var pidFile = _dir.Combine("self.pid");
        File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(PidOwnership.Foreign, OwnedProcesses.Find(pidFile)?.Ownership);

        Assert.True(OwnedProcesses.Record(pidFile, Environment.ProcessId));
        Assert.Equal(PidOwnership.Owned, OwnedProcesses.Find(pidFile)?.Ownership);

        File.WriteAllText(OwnedProcesses.RecordPath(pidFile), "{\"pid\": 1}garbage");
        Assert.Equal(PidOwnership.Foreign, OwnedProcesses.Find(pidFile)?.Ownership);
        File.WriteAllText(OwnedProcesses.RecordPath(pidFile), "{}");
        Assert.Contains("unreadable record", OwnedProcesses.Find(pidFile)?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_CaughtMidExecWithEmptyCommandLine_WritesNothingAndAsksAgain()
    {
        // The kernel shows an empty command line while a process execs; recorded so, the agent later refused its own
        // mariadbd as "not the process the agent started" and the group could not start (lab, cp-restart).
        var pidFile = _dir.Combine("exec.pid");
        var self = ProcessIdentity.Read(Environment.ProcessId)!;

        Assert.False(OwnedProcesses.Record(pidFile, self with { CommandLine = [""] }));
        Assert.False(File.Exists(OwnedProcesses.RecordPath(pidFile)));
        Assert.True(OwnedProcesses.Record(pidFile, self));
        Assert.True(File.Exists(OwnedProcesses.RecordPath(pidFile)));
    }

    public void Dispose() => _dir.Dispose();
}
