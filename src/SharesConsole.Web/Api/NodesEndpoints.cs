using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Web.Api.Models;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/nodes: list, get, enroll (issues the agent token), remove (revokes it), new token, drain, undrain, maintenance.</summary>
internal static class NodesEndpoints
{
    public static RouteGroupBuilder MapNodesEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/nodes").WithTags("Nodes");
        group.MapGet("/", (IClusterStateSource state) => TypedResults.Ok(state.Current.Nodes.Select(NodeDto.From).ToArray()));
        group.MapGet("/{name}", (string name, IClusterStateSource state) => state.Current.Find(name) is { } node
            ? Results.Ok(NodeDto.From(node))
            : NodeNotFound(name)).Produces<NodeDto>();
        group.MapPost("/", EnrollAsync).RequireAuthorization(Policies.Administer)
            .Accepts<EnrollNodeRequest>("application/json").Produces<EnrolledNodeDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPost("/{name}/token", RotateTokenAsync).RequireAuthorization(Policies.Administer).Produces<NodeTokenDto>();
        group.MapDelete("/{name}", async (string name, HttpContext context, NodeEnrollment enrollment, CancellationToken ct) =>
            Outcome(await enrollment.RemoveAsync(name, Actor.Of(context.User), ct))).RequireAuthorization(Policies.Administer);
        group.MapPost("/{name}/drain", async (string name, HttpContext context, IClusterCommands commands, CancellationToken ct) =>
            Outcome(await commands.SetDrainAsync(name, true, Actor.Of(context.User), ct))).RequireAuthorization(Policies.Operate);
        group.MapPost("/{name}/undrain", async (string name, HttpContext context, IClusterCommands commands, CancellationToken ct) =>
            Outcome(await commands.SetDrainAsync(name, false, Actor.Of(context.User), ct))).RequireAuthorization(Policies.Operate);
        group.MapPost("/{name}/maintenance", async (string name, HttpContext context, IClusterCommands commands, CancellationToken ct) =>
            Outcome(await commands.SetMaintenanceAsync(name, true, Actor.Of(context.User), ct))).RequireAuthorization(Policies.Operate);
        group.MapDelete("/{name}/maintenance", async (string name, HttpContext context, IClusterCommands commands, CancellationToken ct) =>
            Outcome(await commands.SetMaintenanceAsync(name, false, Actor.Of(context.User), ct))).RequireAuthorization(Policies.Operate);
        return api;
    }

    private static IResult NodeNotFound(string name) => ApiResults.NotFound(ProblemTypes.NodeNotFound, $"There is no node named '{name}'.");

    private static IResult Outcome(CommandResult result) => result.Ok
        ? TypedResults.NoContent()
        : result.Error == CommandError.Conflict
            ? ApiResults.Conflict(ProblemTypes.Conflict, result.Message ?? "Conflict.")
            : ApiResults.FromCommand(result, ProblemTypes.NodeNotFound);

    private static async Task<IResult> EnrollAsync(HttpContext context, NodeEnrollment enrollment, IClusterStateSource state, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<EnrollNodeRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var nodes = state.Current.Topology.Nodes;
        var definition = body!.ToDefinition(nodes.Length == 0 ? 0 : nodes.Max(n => n.Node.Preference) + 1, errors);
        if (definition is null)
        {
            return ApiResults.Invalid(errors);
        }

        var result = await enrollment.EnrollAsync(definition, Actor.Of(context.User), cancellationToken);
        if (!result.Ok)
        {
            return ApiResults.Conflict(ProblemTypes.NodeExists, result.Message ?? "The node exists.");
        }

        var location = $"/api/v1/nodes/{Uri.EscapeDataString(definition.Name)}";
        var snapshot = new NodeSnapshot { Node = new(definition), Verdict = Core.Cluster.NodeVerdict.Down };
        var node = NodeDto.From(state.Current.Find(definition.Name) ?? snapshot);
        return TypedResults.Created(location, new EnrolledNodeDto(node, result.Value!, AgentHubProtocol.Path));
    }

    private static async Task<IResult> RotateTokenAsync(string name, HttpContext context, NodeEnrollment enrollment, CancellationToken cancellationToken)
    {
        var result = await enrollment.RotateTokenAsync(name, Actor.Of(context.User), cancellationToken);
        return result.Ok
            ? TypedResults.Ok(new NodeTokenDto(name, result.Value!, AgentHubProtocol.Path))
            : NodeNotFound(name);
    }
}
