namespace SharesConsole.Web.Live;

/// <summary>Stored one-minute traffic samples for the 1-hour and 24-hour charts; oldest first.</summary>
public interface ITrafficHistory
{
    Task<IReadOnlyList<TrafficSample>> MinutesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>No stored samples: the charts show the minutes this process rolled up itself.</summary>
public sealed class NoTrafficHistory : ITrafficHistory
{
    public Task<IReadOnlyList<TrafficSample>> MinutesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TrafficSample>>([]);
}
