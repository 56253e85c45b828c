using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>A tiny Kestrel app: <c>/</c> answers the node name, <c>/health</c> ok, <c>/ping</c> an empty 200.</summary>
internal sealed class HttpStandIn(IPAddress address, int port, string nodeName) : ILabStandIn
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Abort()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            _ = app.StopAsync(new CancellationToken(canceled: true)).ContinueWith(_ => app.DisposeAsync().AsTask(), TaskScheduler.Default);
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["X-SharesConsole-Node"] = nodeName;
        switch (context.Request.Path.Value)
        {
            case "/ping":
                context.Response.StatusCode = StatusCodes.Status200OK;
                return Task.CompletedTask;
            case "/health":
                return context.Response.WriteAsync("ok", context.RequestAborted);
            case "/" or "":
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(nodeName, context.RequestAborted);
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }
}
