using SharesConsole.ControlPlane.Leadership;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Api;

/// <summary>
/// <c>/leadership</c>: answered by each control-plane instance itself (never forwarded): its role and term, who leads, and
/// every instance that announced itself in the last 10 s with its role and the age of its announcement.
/// </summary>
internal static class LeadershipEndpoint
{
    public static IEndpointConventionBuilder MapLeadership(this IEndpointRouteBuilder app) =>
        app.MapGet("/leadership", async (ILeadership leadership, LeaderLeaseStore store, CancellationToken ct) =>
        {
            IReadOnlyList<ControlPlaneInstanceView> instances = [];
            LeaderLeaseView? lease = null;
            if (!leadership.SingleInstance)
            {
                try
                {
                    lease = await store.ReadAsync(ct);
                    instances = await store.InstancesAsync(TimeSpan.FromSeconds(10), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is away: this instance still says what it knows.
                }
            }

            return TypedResults.Ok(new LeadershipDto(
                leadership.InstanceName,
                leadership.SingleInstance ? "Single" : leadership.IsLeader ? "Leader" : "Follower",
                leadership.Term,
                leadership.LeaderName,
                leadership.LeaderUrl,
                leadership.LeaderSince,
                lease?.Remaining.TotalSeconds,
                [.. instances.Select(i => new ControlPlaneInstanceDto(i.Name, i.Url, i.Role, i.Term, i.Age.TotalSeconds))]));
        }).ExcludeFromDescription();
}

public sealed record LeadershipDto(
    string Instance, string Role, long Term, string? Leader, string? LeaderUrl, DateTimeOffset? LeaderSince, double? LeaseRemainingSeconds,
    IReadOnlyList<ControlPlaneInstanceDto> Instances);

public sealed record ControlPlaneInstanceDto(string Name, string Url, string Role, long Term, double AgeSeconds);
