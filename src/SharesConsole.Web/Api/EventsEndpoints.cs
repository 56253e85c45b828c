using Microsoft.EntityFrameworkCore;
using SharesConsole.Data;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/events: the audit log, filtered, paged forward with a <c>since</c> id cursor or backward with <c>before</c>.</summary>
internal static class EventsEndpoints
{
    public sealed record EventDto(long Id, DateTimeOffset Time, string Kind, string Severity, string? Node, string? Service, Guid? OperationId, string Message);

    /// <summary>A page of events; pass <see cref="NextSince"/> as <c>since</c> to continue.</summary>
    public sealed record EventPage(IReadOnlyList<EventDto> Items, long? NextSince, long? NextBefore);

    public static RouteGroupBuilder MapEventsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListAsync).WithTags("Events").Produces<EventPage>().ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> ListAsync(
        IDbContextFactory<SharesDbContext> factory,
        string? kind,
        string? node,
        string? severity,
        long? since,
        long? before,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["The limit must be between 1 and 1000."];
        }

        if (since is < 0)
        {
            errors["since"] = ["The cursor must not be negative."];
        }

        if (since is not null && before is not null)
        {
            errors["before"] = ["Use either since or before, not both."];
        }

        if (severity is not null && !Enum.TryParse<Core.State.EventSeverity>(severity, ignoreCase: true, out _))
        {
            errors["severity"] = ["Use Info, Warning or Error."];
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var take = limit ?? 100;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
        {
            var kinds = kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            query = query.Where(e => kinds.Contains(e.Kind));
        }

        if (!string.IsNullOrEmpty(node))
        {
            query = query.Where(e => e.Node == node);
        }

        if (severity is not null)
        {
            var s = Enum.Parse<Core.State.EventSeverity>(severity, ignoreCase: true).ToString();
            query = query.Where(e => e.Severity == s);
        }

        if (from is not null)
        {
            query = query.Where(e => e.Time >= from);
        }

        if (to is not null)
        {
            query = query.Where(e => e.Time < to);
        }

        var forward = before is null;
        var rows = forward
            ? await query.Where(e => e.Id > (since ?? 0)).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)
            : await query.Where(e => e.Id < before).OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var items = rows.Select(e => new EventDto(e.Id, e.Time, e.Kind, e.Severity, e.Node, e.Service, e.OperationId, e.Message)).ToArray();
        return TypedResults.Ok(new EventPage(
            items,
            forward ? (items.Length > 0 ? items[^1].Id : since ?? 0) : null,
            !forward && items.Length == take ? items[^1].Id : null));
    }
}
