using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Tests.Common.Hosting;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

/// <summary>
/// A real HTTP receiver on Kestrel (127.0.0.1, a free port). It checks every signature against its secret, answers 500
/// to the first attempt at the chosen positions of its line (position n: the event after the n it accepted) and 200
/// otherwise, and keeps the cluster event id of every request and of every accepted one, in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _failAt;
    private readonly List<long> _requests = [];
    private readonly List<long> _accepted = [];
    private int _badSignatures;
    private KestrelStub? _stub;

    private WebhookReceiver(IEnumerable<int> failAt) => _failAt = [.. failAt];

    public string Secret { get; } = WebhookSignature.NewSecret();

    /// <summary>The receiver's clock for the signature's time check: the harness's fake clock where the control plane runs on it.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public Uri Url { get; private set; } = null!;

    public int AcceptedCount
    {
        get
        {
            lock (_gate)
            {
                return _accepted.Count;
            }
        }
    }

    public IReadOnlyList<long> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public IReadOnlyList<long> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public static async Task<WebhookReceiver> StartAsync(params int[] failFirstAttemptAt)
    {
        var receiver = new WebhookReceiver(failFirstAttemptAt);
        // Typed as a Func so MapPost takes it as a route handler: as a RequestDelegate its result (the status) would be dropped.
        Func<HttpContext, Task<IResult>> handler = receiver.ReceiveAsync;
        receiver._stub = await KestrelStub.StartAsync(IPAddress.Loopback, 0, app => app.MapPost("/hook", handler));
        receiver.Url = new Uri(receiver._stub.Url, "hook");
        return receiver;
    }

    public string Describe() => $"{AcceptedCount} accepted, {Requests.Count} requests, {BadSignatures} bad signatures";

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
        using var json = JsonDocument.Parse(body);
        var eventId = json.RootElement.GetProperty("data").GetProperty("eventId").GetInt64();
        var signed = WebhookSignature.Verify(Secret, context.Request.Headers[WebhookSignature.Header].ToString(), body, Now());
        lock (_gate)
        {
            _requests.Add(eventId);
            if (!signed)
            {
                _badSignatures++;
            }

            if (_failAt.Remove(_accepted.Count))
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            _accepted.Add(eventId);
        }

        return Results.Ok();
    }
}
