using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Api.Models;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/cluster: summary, settings, architecture, active node, epoch.</summary>
internal static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cluster").WithTags("Cluster");
        group.MapGet("/", (IClusterStateSource state) => TypedResults.Ok(ClusterDto.From(state.Current)));
        group.MapGet("/settings", (IClusterStateSource state) => TypedResults.Ok(SettingsDto.From(state.Current.Topology.Settings)));
        group.MapPut("/settings", PutSettingsAsync).RequireAuthorization(Policies.Administer)
            .Accepts<SettingsDto>("application/json").ProducesValidationProblem();
        group.MapGet("/architecture", (IClusterStateSource state) =>
            TypedResults.Ok(new ArchitectureDto(state.Current.Topology.Settings.Architecture.ToString())));
        group.MapPut("/architecture", PutArchitectureAsync).RequireAuthorization(Policies.Administer)
            .Accepts<ArchitectureDto>("application/json").ProducesValidationProblem();
        group.MapGet("/active-node", (IClusterStateSource state) =>
            TypedResults.Ok(new ActiveNodeDto(state.Current.Topology.ActiveNode, state.Current.Topology.Epoch)));
        group.MapGet("/epoch", (IClusterStateSource state) => TypedResults.Ok(new EpochDto(state.Current.Topology.Epoch)));
        return api;
    }

    private static async Task<IResult> PutSettingsAsync(HttpContext context, IClusterCommands commands, IClusterStateSource state, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<SettingsDto>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var settings = body!.ToSettings(errors);
        if (settings is null)
        {
            return ApiResults.Invalid(errors);
        }

        return await ApplyAsync(settings, context, commands, state, cancellationToken);
    }

    private static async Task<IResult> PutArchitectureAsync(HttpContext context, IClusterCommands commands, IClusterStateSource state, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<ArchitectureDto>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Architecture is null)
        {
            return ApiResults.Invalid("architecture", "The field is required.");
        }

        if (!Enum.TryParse<ArchitectureType>(body.Architecture, ignoreCase: true, out var architecture) || !Enum.IsDefined(architecture) ||
            int.TryParse(body.Architecture, out _))
        {
            return ApiResults.Invalid("architecture", "Use RedirectAll or WebOnly.");
        }

        return await ApplyAsync(state.Current.Topology.Settings with { Architecture = architecture }, context, commands, state, cancellationToken);
    }

    private static async Task<IResult> ApplyAsync(ClusterSettings settings, HttpContext context, IClusterCommands commands, IClusterStateSource state, CancellationToken cancellationToken)
    {
        CommandResult result;
        try
        {
            result = await commands.UpdateSettingsAsync(settings, Actor.Of(context.User), cancellationToken);
        }
        catch (StoreConflictException ex)
        {
            return ApiResults.Conflict(ProblemTypes.Conflict, ex.Message);
        }

        return result.Ok
            ? TypedResults.Ok(SettingsDto.From(settings))
            : ApiResults.FromCommand(result, ProblemTypes.NotFound, SettingsDto.FieldName);
    }
}
