using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Real edge counters the test drives by hand.</summary>
public sealed class FakeEdgeCounters : IEdgeCounters
{
    public EdgeCounters Counters { get; } = new();

    public IReadOnlyList<EdgeCounterSnapshot> Snapshot() => Counters.Snapshot();
}
