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

/// <summary>A real nginx under the process driver: private config, pid file and logs in a temp directory.</summary>
public sealed class NginxProcessDriverTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task StartProbeStop_RealNginx_RunsAnswersAndStops()
    {
        var address = Loopback.Agent.Address(10);
        var port = Ports.FreeTcp(address);
        var service = NginxService(address.ToString(), port);
        var catalog = ServiceCatalog.Create([new() { Name = "nginx", Kind = ServiceKind.ActiveActive, StartOrder = 10, Probe = ProbeDefinition.Http(port, "/") }]);
        await using var agent = TestAgents.Create(TestAgents.Options(_dir.Combine("state"), address.ToString(), new() { ["nginx"] = service }), catalog: catalog);
        await agent.StartAsync(CancellationToken.None);
        try
        {
            var start = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "nginx"), CancellationToken.None);
            Assert.True(start.Ok, start.Message);
            var pid = File.ReadAllText(_dir.Combine("nginx.pid")).Trim();
            output.WriteLine($"nginx start took {start.DurationMs:0} ms, pid {pid}");

            await Poll.UntilAsync(
                async () => (await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None)).Services.Single().LastProbeOk,
                "nginx's probe to pass");
            var running = agent.Services.Single();
            Assert.Equal(ServiceRunState.Running, running.State);
            Assert.Equal(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), running.Pid);
            output.WriteLine($"nginx probe latency {running.LastProbeLatencyMs:0.0} ms");

            var again = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "nginx"), CancellationToken.None);
            Assert.True(again.Ok);
            Assert.Equal("Already in the requested state.", again.Message);
            Assert.Equal(pid, File.ReadAllText(_dir.Combine("nginx.pid")).Trim());

            var stop = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, 1, "nginx"), CancellationToken.None);
            Assert.True(stop.Ok, stop.Message);
            output.WriteLine($"nginx stop took {stop.DurationMs:0} ms");
            Assert.Equal(ServiceRunState.Stopped, stop.Services.Single().State);
            Assert.False(stop.Services.Single().LastProbeOk);
            Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(address, port));
            Assert.False(Directory.Exists($"/proc/{pid}"));
        }
        finally
        {
            await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, long.MaxValue, "nginx"), CancellationToken.None);
        }
    }

    private AgentServiceOptions NginxService(string address, int port)
    {
        var conf = _dir.Combine("nginx.conf");
        File.WriteAllText(conf, $$"""
            daemon off;
            user root;
            worker_processes 1;
            pid {{_dir.Combine("nginx.pid")}};
            error_log {{_dir.Combine("error.log")}};
            events { worker_connections 64; }
            http {
              access_log {{_dir.Combine("access.log")}};
              client_body_temp_path {{_dir.Combine("body")}};
              proxy_temp_path {{_dir.Combine("proxy")}};
              fastcgi_temp_path {{_dir.Combine("fastcgi")}};
              uwsgi_temp_path {{_dir.Combine("uwsgi")}};
              scgi_temp_path {{_dir.Combine("scgi")}};
              server {
                listen {{address}}:{{port}};
                location / { return 200 "nginx on agent test\n"; }
              }
            }
            """);
        return new AgentServiceOptions
        {
            Driver = ServiceDriverKind.Process,
            Command = "/usr/sbin/nginx",
            Arguments = ["-p", _dir.Path, "-c", conf, "-e", _dir.Combine("error.log")],
            PidFile = _dir.Combine("nginx.pid"),
            LogFile = _dir.Combine("stdout.log"),
            StopGrace = TimeSpan.FromSeconds(10),
        };
    }

    public void Dispose() => _dir.Dispose();
}
