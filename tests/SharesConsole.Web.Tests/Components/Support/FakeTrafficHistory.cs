using SharesConsole.Web.Live;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Stored traffic minutes handed to the Traffic page; remembers the last window asked for.</summary>
public sealed class FakeTrafficHistory : ITrafficHistory
{
    public List<TrafficSample> Stored { get; } = [];

    public (DateTimeOffset From, DateTimeOffset To)? LastAsked { get; private set; }

    public Task<IReadOnlyList<TrafficSample>> MinutesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        LastAsked = (from, to);
        return Task.FromResult<IReadOnlyList<TrafficSample>>([.. Stored.Where(s => s.Time >= from && s.Time < to)]);
    }
}
