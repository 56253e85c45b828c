using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Api.Models;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/operations: start a switchover or a drill (202 + Location), get one, list; schedule, list and cancel planned switchovers.</summary>
internal static class OperationsEndpoints
{
    public static RouteGroupBuilder MapOperationsEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/operations").WithTags("Operations");
        group.MapGet("/", async (OperationStore operations, int? limit, CancellationToken ct) =>
        {
            if (limit is < 1 or > 500)
            {
                return ApiResults.Invalid("limit", "The limit must be between 1 and 500.");
            }

            var list = await operations.ListAsync(limit ?? 50, ct);
            return Results.Ok(list.Select(OperationDto.From).ToArray());
        }).Produces<OperationDto[]>();
        group.MapGet("/{id:guid}", async (Guid id, OperationStore operations, CancellationToken ct) =>
            await operations.GetAsync(id, ct) is { } operation
                ? Results.Ok(OperationDto.From(operation.Summary))
                : ApiResults.NotFound(ProblemTypes.OperationNotFound, $"There is no operation {id}.")).Produces<OperationDto>();
        group.MapGet("/{id:guid}/steps", async (Guid id, OperationStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } stored
                ? Results.Ok(stored.Steps.Select(OperationStepDto.From).ToArray())
                : ApiResults.NotFound(ProblemTypes.OperationNotFound, $"There is no operation {id}.")).Produces<OperationStepDto[]>();
        group.MapPost("/switchover", SwitchoverAsync).RequireAuthorization(Policies.Operate)
            .Accepts<SwitchoverRequest>("application/json").Produces<OperationDto>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        group.MapGet("/scheduled", (ScheduledSwitchovers scheduled) => Results.Ok(scheduled.List().Select(ScheduledSwitchoverDto.From).ToArray()))
            .Produces<ScheduledSwitchoverDto[]>();
        group.MapGet("/scheduled/{id}", (string id, ScheduledSwitchovers scheduled) => scheduled.Find(id) is { } found
            ? Results.Ok(ScheduledSwitchoverDto.From(found))
            : ApiResults.NotFound(ProblemTypes.OperationNotFound, $"There is no scheduled switchover {id}.")).Produces<ScheduledSwitchoverDto>();
        group.MapPost("/scheduled", ScheduleAsync).RequireAuthorization(Policies.Operate)
            .Accepts<ScheduleSwitchoverRequest>("application/json").Produces<ScheduledSwitchoverDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapDelete("/scheduled/{id}", async (string id, HttpContext context, ScheduledSwitchovers scheduled, CancellationToken ct) =>
            await scheduled.CancelAsync(id, Actor.Of(context.User), ct)
                ? Results.NoContent()
                : ApiResults.NotFound(ProblemTypes.OperationNotFound, $"There is no scheduled switchover {id} (already started, cancelled or unknown)."))
            .RequireAuthorization(Policies.Operate);
        group.MapPost("/drill", async (HttpContext context, IClusterCommands commands, CancellationToken ct) =>
            Started(await commands.StartDrillAsync(Actor.Of(context.User), ct))).RequireAuthorization(Policies.Operate)
            .Produces<OperationDto>(StatusCodes.Status202Accepted);
        return api;
    }

    private static async Task<IResult> SwitchoverAsync(HttpContext context, IClusterCommands commands, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<SwitchoverRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.TargetNode))
        {
            return ApiResults.Invalid("targetNode", "The field is required.");
        }

        return Started(await commands.StartSwitchoverAsync(body.TargetNode, Actor.Of(context.User), cancellationToken));
    }

    private static async Task<IResult> ScheduleAsync(HttpContext context, ScheduledSwitchovers scheduled, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<ScheduleSwitchoverRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body!.TargetNode))
        {
            errors["targetNode"] = ["The field is required."];
        }

        if (body.At is null)
        {
            errors["at"] = ["The field is required: an ISO 8601 time with its offset, e.g. 2026-12-06T02:00:00Z."];
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var result = await scheduled.ScheduleAsync(body.TargetNode!, body.At!.Value, Actor.Of(context.User), cancellationToken);
        return result.Ok
            ? TypedResults.Created($"/api/v1/operations/scheduled/{result.Value!.Id}", ScheduledSwitchoverDto.From(result.Value))
            : ApiResults.FromCommand(result, ProblemTypes.NodeNotFound);
    }

    /// <summary>202 with the operation, which the failover engine recorded in the store before returning it.</summary>
    private static IResult Started(CommandResult<OperationSummary> result)
    {
        if (!result.Ok || result.Value is null)
        {
            return ApiResults.FromCommand(result, ProblemTypes.NodeNotFound);
        }

        return TypedResults.Accepted($"/api/v1/operations/{result.Value.Id}", OperationDto.From(result.Value));
    }
}
