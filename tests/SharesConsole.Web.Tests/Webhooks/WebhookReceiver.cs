using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>A real HTTP receiver on Kestrel (127.0.9.x) that records every POST and answers with scripted status codes.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Body, string? Signature, string? Event, DateTimeOffset At);

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts on <paramref name="address"/>, port 0 (any) unless given.</summary>
    public static async Task<WebhookReceiver> StartAsync(string address, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await receiver._received.Writer.WriteAsync(new Received(
                body,
                context.Request.Headers["X-SharesConsole-Signature"].FirstOrDefault(),
                context.Request.Headers["X-SharesConsole-Event"].FirstOrDefault(),
                DateTimeOffset.UtcNow));
            return Results.StatusCode(receiver._script.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(bound), "/hook");
        return receiver;
    }

    /// <summary>The next requests get these status codes, then 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var s in statuses)
        {
            _script.Enqueue(s);
        }
    }

    public async Task<Received> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
