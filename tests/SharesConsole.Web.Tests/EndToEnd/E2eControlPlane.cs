using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.EndToEnd;

/// <summary>
/// The control plane on real Kestrel at <c>http://{address}:{port}</c>, over a data directory that survives a
/// restart, with the lab on this test's own addresses and no embedded agents (the agents are separate processes).
/// </summary>
public sealed class E2eControlPlane : WebApplicationFactory<Program>
{
    private readonly string _data;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public E2eControlPlane(string data, IPAddress address, int port, IReadOnlyDictionary<string, string> settings)
    {
        _data = data;
        _settings = settings;
        Url = $"http://{address}:{port}";
        UseKestrel(k => k.Listen(address, port));
    }

    public string Url { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in ConsoleAppFixture.Settings(_data))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
