using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Leadership;

/// <summary>The leader lease and the instances' announcements, read together on the database's clock.</summary>
public sealed record ControlPlaneRoll(LeaderLeaseView? Lease, IReadOnlyList<ControlPlaneInstanceView> Instances);

/// <summary>Reads who leads and which control-plane instances announced themselves (the console's Control plane card).</summary>
public interface IControlPlaneRoster
{
    /// <param name="within">Instances silent for longer are left out (stopped for good).</param>
    Task<ControlPlaneRoll> ReadAsync(TimeSpan within, CancellationToken cancellationToken);
}

public sealed class DatabaseControlPlaneRoster(LeaderLeaseStore store) : IControlPlaneRoster
{
    public async Task<ControlPlaneRoll> ReadAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var lease = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var instances = await store.InstancesAsync(within, cancellationToken).ConfigureAwait(false);
        return new ControlPlaneRoll(lease, instances);
    }
}

/// <summary>Without the database there is no lease to read.</summary>
public sealed class NoControlPlaneRoster : IControlPlaneRoster
{
    public Task<ControlPlaneRoll> ReadAsync(TimeSpan within, CancellationToken cancellationToken) =>
        Task.FromResult(new ControlPlaneRoll(null, []));
}
