using System.Diagnostics;
using System.Net.Sockets;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.Agent.Tests.Drivers.Processes;

/// <summary>A real MariaDB server (private data directory, socket and port) under the process driver.</summary>
public sealed class MariaDbProcessDriverTests(ITestOutputHelper output) : IDisposable
{
    // mariadb-install-db bootstraps a whole server, which on two loaded cores can outlast the default cap.
    private static readonly TimeSpan InstallCap = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task StartProbeStop_RealMariaDb_TcpAndProcessProbesPassThenStops()
    {
        var address = Loopback.Agent.Address(11);
        var port = Ports.FreeTcp(address);
        await InstallDataDirectoryAsync();
        var service = new AgentServiceOptions
        {
            Driver = ServiceDriverKind.Process,
            Command = "/usr/sbin/mariadbd",
            Arguments =
            [
                "--no-defaults", "--user=root", $"--datadir={_dir.Combine("data")}", $"--socket={_dir.Combine("sock")}",
                $"--port={port}", $"--bind-address={address}", $"--pid-file={_dir.Combine("mariadb.pid")}", "--skip-log-bin",
                "--innodb-buffer-pool-size=16M", "--innodb-fast-shutdown=2", "--innodb-flush-log-at-trx-commit=0",
            ],
            PidFile = _dir.Combine("mariadb.pid"),
            LogFile = _dir.Combine("server.log"),
            StopGrace = TimeSpan.FromSeconds(150),
        };
        var catalog = ServiceCatalog.Create([new()
        {
            Name = "mysqld", Kind = ServiceKind.ActivePassive, StartOrder = 100, Probe = ProbeDefinition.Tcp(port), SecondaryProbe = ProbeDefinition.Process(),
        }]);
        await using var agent = TestAgents.Create(
            TestAgents.Options(_dir.Combine("state"), address.ToString(), new() { ["mysqld"] = service }) with { CommandTimeout = TimeSpan.FromMinutes(3) }, catalog: catalog);
        await agent.StartAsync(CancellationToken.None);
        try
        {
            var watch = Stopwatch.StartNew();
            var start = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 3, "mysqld"), CancellationToken.None);
            Assert.True(start.Ok, start.Message + " " + ReadLog());
            await Poll.UntilAsync(
                async () => (await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 3), CancellationToken.None)).Services.Single().LastProbeOk,
                "mariadbd's probe to pass",
                TimeSpan.FromSeconds(60),
                ReadLog);
            output.WriteLine($"mariadbd: start command {start.DurationMs:0} ms, probe passing after {watch.ElapsedMilliseconds} ms");

            // The port opens before mariadbd installs its signal handler; a SIGTERM in that window can be lost
            // on a loaded machine, so stop only once the server says it is ready (as an operator would).
            await Poll.UntilAsync(() => ReadLog().Contains("ready for connections", StringComparison.Ordinal), "mariadbd to log 'ready for connections'", TimeSpan.FromSeconds(120), ReadLog);
            var status = agent.Services.Single();
            Assert.Equal(ServiceRunState.Running, status.State);
            Assert.True(Directory.Exists($"/proc/{status.Pid}"));

            var again = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 3, "mysqld"), CancellationToken.None);
            Assert.True(again.Ok);
            Assert.Equal(status.Pid, again.Services.Single().Pid);

            var stop = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.StopActivePassive, 3), CancellationToken.None);
            Assert.True(stop.Ok, stop.Message);
            output.WriteLine($"mariadbd: stop (SIGTERM, clean shutdown) {stop.DurationMs:0} ms; log ends:");
            output.WriteLine(string.Join(Environment.NewLine, ReadLog().Split('\n').TakeLast(6)));
            Assert.Equal(ServiceRunState.Stopped, stop.Services.Single().State);
            Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(address, port));
            var log = ReadLog();
            Assert.True(log.Contains("Shutdown complete", StringComparison.Ordinal), log);
        }
        finally
        {
            await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, long.MaxValue, "mysqld"), CancellationToken.None);
        }
    }

    private async Task InstallDataDirectoryAsync()
    {
        var info = new ProcessStartInfo("/usr/bin/mariadb-install-db")
        {
            ArgumentList = { "--no-defaults", $"--datadir={_dir.Combine("data")}", "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var install = Process.Start(info)!;
        var stdout = install.StandardOutput.ReadToEndAsync();
        var stderr = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync().WaitAsync("mariadb-install-db to exit", InstallCap);
        Assert.True(install.ExitCode == 0, await stdout.WaitAsync("mariadb-install-db's output") + await stderr.WaitAsync("mariadb-install-db's errors"));
    }

    private string ReadLog() => File.Exists(_dir.Combine("server.log")) ? File.ReadAllText(_dir.Combine("server.log")) : "(no log)";

    public void Dispose() => _dir.Dispose();
}
