using SharesConsole.Data.Stores;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/edges: list (enrolled and connected edges with their last report), issue a token (enrolls or rotates), remove.</summary>
internal static class EdgesEndpoints
{
    public static RouteGroupBuilder MapEdgesEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/edges").WithTags("Edges");
        group.MapGet("/", async (IEdgeDirectory edges, EdgeRegistry registry, EdgeConfigPublisher config, CancellationToken ct) =>
            TypedResults.Ok(EdgeDto.Merge(await edges.ListAsync(ct), registry.Snapshot(), config.Current.Version)));
        group.MapPost("/{name}/token", IssueTokenAsync).RequireAuthorization(Policies.Administer).Produces<EdgeTokenDto>(StatusCodes.Status201Created);
        group.MapDelete("/{name}", RemoveAsync).RequireAuthorization(Policies.Administer);
        return api;
    }

    /// <summary>Enrolls the edge (201) or gives it a new token (200); the old token stops working and its connection closes.</summary>
    private static async Task<IResult> IssueTokenAsync(string name, HttpContext context, IEdgeDirectory edges, CancellationToken ct)
    {
        if (!EdgeNames.IsValid(name))
        {
            return ApiResults.Invalid("name", EdgeNames.Rule);
        }

        var issued = await edges.IssueTokenAsync(name, Actor.Of(context.User), ct);
        var dto = new EdgeTokenDto(issued.Name, issued.Token);
        return issued.Enrolled ? TypedResults.Created($"/api/v1/edges/{issued.Name}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> RemoveAsync(string name, HttpContext context, IEdgeDirectory edges, CancellationToken ct) =>
        EdgeNames.IsValid(name) && await edges.RemoveAsync(name, Actor.Of(context.User), ct)
            ? TypedResults.NoContent()
            : ApiResults.NotFound(ProblemTypes.EdgeNotFound, $"There is no edge named '{name}'.");
}

/// <summary>A new edge token, shown once.</summary>
public sealed record EdgeTokenDto(string Name, string EdgeToken);

/// <summary>An edge as the API lists it.</summary>
public sealed record EdgeDto(
    string Name,
    bool Enrolled,
    bool Connected,
    bool Up,
    bool HoldsVip,
    bool Serving,
    string? ConfigVersion,
    bool ConfigCurrent,
    bool FromSnapshot,
    DateTimeOffset? LastContact,
    DateTimeOffset? ConnectedAt,
    string? Remote,
    string? SoftwareVersion,
    DateTimeOffset? StartedAt,
    IReadOnlyList<EdgeProbeDto> Probes)
{
    public static EdgeDto[] Merge(IReadOnlyList<EdgeRecord> enrolled, IReadOnlyList<EdgeStatus> live, string currentVersion)
    {
        var byName = live.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        return [.. enrolled.Select(e => From(e.Name, true, byName.GetValueOrDefault(e.Name), currentVersion))
            .Concat(live.Where(l => !enrolled.Any(e => string.Equals(e.Name, l.Name, StringComparison.OrdinalIgnoreCase))).Select(l => From(l.Name, false, l, currentVersion)))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static EdgeDto From(string name, bool enrolled, EdgeStatus? status, string currentVersion)
    {
        var report = status?.LastReport;
        return new EdgeDto(
            name, enrolled, status?.Connected == true, status?.Up == true, status?.HoldsVip == true, report?.Serving == true,
            report?.ConfigVersion, report?.ConfigVersion == currentVersion, report?.FromSnapshot == true,
            status?.LastContact, status?.ConnectedAt, status?.Remote, report?.SoftwareVersion, report?.StartedAt,
            [.. (report?.Probes ?? []).Select(p => new EdgeProbeDto(p.Node, p.Pool.ToString(), p.Up))]);
    }
}

public sealed record EdgeProbeDto(string Node, string Pool, bool Up);
