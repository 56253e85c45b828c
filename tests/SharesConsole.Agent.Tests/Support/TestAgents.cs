using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Tests.Support;

internal static class TestAgents
{
    public static AgentOptions Options(string stateDirectory, string address, Dictionary<string, AgentServiceOptions> services, string? labDirectory = null) => new()
    {
        NodeName = "node-t",
        Address = address,
        ControlPlaneUrl = "http://127.0.5.1:9",
        Token = "test-token",
        StateDirectory = stateDirectory,

        // Never the host's /run/systemd/system: the suite may run as root.
        SystemdUnitDirectory = Directory.CreateDirectory(Path.Combine(stateDirectory, "systemd-units")).FullName,
        LabDirectory = labDirectory,
        CommandTimeout = TimeSpan.FromSeconds(60),
        Services = new(services, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>An agent wired to a fake control plane (never a real connection).</summary>
    public static NodeAgent Create(AgentOptions options, FakeControlPlaneLink? link = null, TimeProvider? time = null, ServiceCatalog? catalog = null) =>
        new(options, NullLoggerFactory.Instance, time, catalog, _ => link ?? new FakeControlPlaneLink { Reachable = false }, null);

    /// <summary>An agent whose every service runs on <paramref name="driver"/>.</summary>
    public static NodeAgent Create(AgentOptions options, FakeControlPlaneLink link, TimeProvider time, IServiceDriver driver) =>
        new(options, NullLoggerFactory.Instance, time, null, _ => link, (_, _) => driver);
}
