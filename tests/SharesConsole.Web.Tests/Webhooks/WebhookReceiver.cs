using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SharesConsole.Tests.Common.Hosting;

namespace SharesConsole.Web.Tests.Webhooks;

/// <summary>A real HTTP receiver on Kestrel (127.0.9.x) that records every POST and answers with scripted status codes.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _script = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private KestrelStub? _stub;

    private WebhookReceiver()
    {
    }

    public sealed record Received(string Body, string? Signature, string? Event, DateTimeOffset At);

    public Uri Url { get; private set; } = null!;

    /// <summary>Starts on <paramref name="address"/>, port 0 (any) unless given.</summary>
    public static async Task<WebhookReceiver> StartAsync(IPAddress address, int port = 0)
    {
        var receiver = new WebhookReceiver();
        // Typed as a Func so MapPost takes it as a route handler: as a RequestDelegate its result (the status) would be dropped.
        Func<HttpContext, Task<IResult>> handler = receiver.ReceiveAsync;
        receiver._stub = await KestrelStub.StartAsync(address, port, app => app.MapPost("/hook", handler));
        receiver.Url = new Uri(receiver._stub.Url, "hook");
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

    /// <summary>Requests received and not yet taken by <see cref="NextAsync"/>.</summary>
    public int Waiting => _received.Reader.Count;

    public async Task<Received> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        await _received.Writer.WriteAsync(
            new Received(
                body,
                context.Request.Headers["X-SharesConsole-Signature"].FirstOrDefault(),
                context.Request.Headers["X-SharesConsole-Event"].FirstOrDefault(),
                DateTimeOffset.UtcNow),
            context.RequestAborted);
        return Results.StatusCode(_script.TryDequeue(out var status) ? status : 200);
    }
}
