using SharesConsole.Core.State;
using SharesConsole.Web.Api.Models;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/services: the catalog and the live placement.</summary>
internal static class ServicesEndpoints
{
    public static RouteGroupBuilder MapServicesEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/services").WithTags("Services");
        group.MapGet("/", (IClusterStateSource state) => TypedResults.Ok(state.Current.Catalog.Services
            .Select(s => new ServiceDto(s.Name, s.Kind.ToString(), s.StartOrder, s.Probe.Kind.ToString()))
            .ToArray()));
        group.MapGet("/placement", (IClusterStateSource state) =>
        {
            var current = state.Current;
            return TypedResults.Ok(current.Catalog.Services.Select(s => new PlacementDto(
                s.Name,
                s.Kind.ToString(),
                [.. current.Placement.Entries.Where(e => e.Service == s.Name && e.Desired == Core.Placement.DesiredState.Running).Select(e => e.Node)],
                current.Nodes.ToDictionary(n => n.Name, n => n.StateOf(s.Name).ToString(), StringComparer.OrdinalIgnoreCase))).ToArray());
        });
        return api;
    }
}
