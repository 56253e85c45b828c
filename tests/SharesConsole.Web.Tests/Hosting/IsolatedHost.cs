using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SharesConsole.Web.Tests.Hosting;

/// <summary>
/// A control plane of its own over a given data directory (restart tests reuse the directory), with the shared
/// test settings plus overrides (and services replaced by <paramref name="services"/>). Edge and DNS listeners are off
/// unless an override turns them on.
/// </summary>
public sealed class IsolatedHost(string dataDirectory, IReadOnlyDictionary<string, string>? overrides = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = ConsoleAppFixture.Settings(dataDirectory);
        settings["Edge:Enabled"] = "false";
        settings["Dns:Enabled"] = "false";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
