using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/webhooks: CRUD, test send, delivery log (Admin).</summary>
internal static class WebhooksEndpoints
{
    public sealed record WebhookRequest(string? Name, string? Url, IReadOnlyList<string>? EventKinds, bool? Enabled);

    public sealed record WebhookDto(int Id, string Name, string Url, IReadOnlyList<string> EventKinds, bool Enabled, DateTimeOffset CreatedAt, string? Secret = null)
    {
        public static WebhookDto From(WebhookRecord w, bool withSecret = false) =>
            new(w.Id, w.Name, w.Url, w.EventKinds, w.Enabled, w.CreatedAt, withSecret ? w.Secret : null);
    }

    public sealed record DeliveryDto(long Id, long EventId, string Kind, string Status, int Attempts, int? StatusCode, string? Error, DateTimeOffset At, DateTimeOffset? NextAttemptAt);

    public static RouteGroupBuilder MapWebhooksEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Administer);
        group.MapGet("/", async (IWebhookStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(w => WebhookDto.From(w)).ToArray()));
        group.MapGet("/kinds", () => TypedResults.Ok(WebhookKinds.Subscribable));
        group.MapGet("/{id:int}", async (int id, IWebhookStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } w ? Results.Ok(WebhookDto.From(w)) : NotFound(id)).Produces<WebhookDto>();
        group.MapPost("/", CreateAsync).Accepts<WebhookRequest>("application/json").Produces<WebhookDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id:int}", UpdateAsync).Accepts<WebhookRequest>("application/json").Produces<WebhookDto>().ProducesValidationProblem();
        group.MapDelete("/{id:int}", async (int id, IWebhookStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : NotFound(id));
        group.MapPost("/{id:int}/test", TestAsync).Produces<DeliveryDto>(StatusCodes.Status202Accepted);
        group.MapGet("/{id:int}/deliveries", async (int id, int? limit, IWebhookStore store, CancellationToken ct) =>
        {
            if (limit is < 1 or > 500)
            {
                return ApiResults.Invalid("limit", "The limit must be between 1 and 500.");
            }

            if (await store.FindAsync(id, ct) is null)
            {
                return NotFound(id);
            }

            return Results.Ok((await store.ListDeliveriesAsync(id, limit ?? 50, ct)).Select(ToDto).ToArray());
        }).Produces<DeliveryDto[]>();
        group.MapGet("/deliveries/{deliveryId:long}", async (long deliveryId, IWebhookStore store, CancellationToken ct) =>
            await store.FindDeliveryAsync(deliveryId, ct) is { } d
                ? Results.Ok(ToDto(d))
                : ApiResults.NotFound(ProblemTypes.NotFound, $"There is no delivery {deliveryId}.")).Produces<DeliveryDto>();
        return api;
    }

    private static IResult NotFound(int id) => ApiResults.NotFound(ProblemTypes.WebhookNotFound, $"There is no webhook {id}.");

    private static DeliveryDto ToDto(DeliveryRecord d) => new(d.Id, d.EventId, d.Kind, d.Status, d.Attempt, d.StatusCode, d.Error, d.At, d.NextAttemptAt);

    private static async Task<IResult> CreateAsync(HttpContext context, IWebhookStore store, WebhookTargetPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<WebhookRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = Validate(body!, policy);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            var created = await store.AddAsync(new WebhookRecord
            {
                Name = body!.Name!.Trim(),
                Url = body.Url!,
                Secret = WebhookSignature.NewSecret(),
                EventKinds = body.EventKinds ?? [],
                Enabled = body.Enabled ?? true,
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken);
            return TypedResults.Created($"/api/v1/webhooks/{created.Id}", WebhookDto.From(created, withSecret: true));
        }
        catch (StoreConflictException ex)
        {
            return ApiResults.Conflict(ProblemTypes.Conflict, ex.Message);
        }
    }

    private static async Task<IResult> UpdateAsync(int id, HttpContext context, IWebhookStore store, WebhookTargetPolicy policy, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<WebhookRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var existing = await store.FindAsync(id, cancellationToken);
        if (existing is null)
        {
            return NotFound(id);
        }

        var errors = Validate(body!, policy);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            var updated = await store.UpdateAsync(existing with
            {
                Name = body!.Name!.Trim(),
                Url = body.Url!,
                EventKinds = body.EventKinds ?? [],
                Enabled = body.Enabled ?? existing.Enabled,
            }, cancellationToken);
            return updated is null ? NotFound(id) : TypedResults.Ok(WebhookDto.From(updated));
        }
        catch (StoreConflictException ex)
        {
            return ApiResults.Conflict(ProblemTypes.Conflict, ex.Message);
        }
    }

    private static async Task<IResult> TestAsync(int id, HttpContext context, IWebhookStore store, WebhookDispatcher dispatcher, TimeProvider time, CancellationToken cancellationToken)
    {
        var webhook = await store.FindAsync(id, cancellationToken);
        if (webhook is null)
        {
            return NotFound(id);
        }

        var e = new ClusterEvent { Time = time.GetUtcNow(), Kind = WebhookKinds.Test, Message = $"Test delivery requested by {Actor.Of(context.User)}." };
        var eventId = WebhookPayload.NewEventId();
        var deliveryId = await dispatcher.EnqueueAsync(webhook.Id, eventId, WebhookKinds.Test, WebhookPayload.From(e, eventId).ToJson(), cancellationToken);
        var delivery = await store.FindDeliveryAsync(deliveryId, cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/deliveries/{deliveryId}", delivery is null ? null : ToDto(delivery));
    }

    private static Dictionary<string, string[]> Validate(WebhookRequest body, WebhookTargetPolicy policy)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            errors["name"] = ["The field is required."];
        }
        else if (body.Name.Length > 100)
        {
            errors["name"] = ["The name must be at most 100 characters."];
        }

        if (string.IsNullOrWhiteSpace(body.Url))
        {
            errors["url"] = ["The field is required."];
        }
        else if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || body.Url.Length > 2000)
        {
            errors["url"] = ["Use an absolute http or https URL."];
        }
        else if (!Reachable(uri, policy))
        {
            errors["url"] = [WebhookDeliverer.NotAllowedError];
        }

        var unknown = (body.EventKinds ?? []).Where(k => !WebhookKinds.Subscribable.Contains(k, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            errors["eventKinds"] = [$"Unknown kinds: {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookKinds.Subscribable)}."];
        }

        return errors;
    }

    /// <summary>
    /// Refuses at once what delivery would refuse for sure: an address in the URL, or <c>localhost</c>, outside what the
    /// policy permits. Other names are resolved and checked at every delivery (resolving here would answer whether a
    /// name exists inside the network).
    /// </summary>
    private static bool Reachable(Uri uri, WebhookTargetPolicy policy)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.IdnHost;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && System.Net.IPAddress.TryParse(host, out var address))
        {
            return policy.Permits(host, address);
        }

        return !uri.IsLoopback || policy.Permits(host, System.Net.IPAddress.Loopback);
    }
}
