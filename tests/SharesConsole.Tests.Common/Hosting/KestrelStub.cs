using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Tests.Common.Hosting;

/// <summary>
/// A minimal ASP.NET Core app on real Kestrel at one loopback address: the stand-in for a peer that the code under
/// test reaches over HTTP, such as a webhook receiver or a control plane that has only its agent hub.
/// </summary>
public sealed class KestrelStub : IAsyncDisposable
{
    private int _disposed;

    private KestrelStub(WebApplication app, Uri url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The address Kestrel bound, ending in a slash (for example <c>http://127.0.9.21:41234/</c>).</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts on <paramref name="address"/>:<paramref name="port"/> (0: any free port) with the given services and endpoints;
    /// over HTTPS when a <paramref name="certificate"/> is given.
    /// </summary>
    /// <param name="listen">More for the endpoint, after HTTPS: connection middleware sees the plain bytes.</param>
    public static async Task<KestrelStub> StartAsync(
        IPAddress address,
        int port,
        Action<WebApplication> map,
        Action<IServiceCollection>? services = null,
        X509Certificate2? certificate = null,
        Action<ListenOptions>? listen = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port, options =>
        {
            if (certificate is not null)
            {
                options.UseHttps(certificate);
            }

            listen?.Invoke(options);
        }));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KestrelStub(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
