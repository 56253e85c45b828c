namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>
/// One machine's clocks: a monotonic clock (CLOCK_MONOTONIC, shared by every process on it, never stepped) and a
/// wall clock that can be stepped (NTP, an operator) without the monotonic one moving.
/// </summary>
internal sealed class SimHost(string name, long monotonicBase, DateTimeOffset wallBase)
{
    public string Name { get; } = name;

    public long MonotonicBase { get; } = monotonicBase;

    public DateTimeOffset WallBase { get; } = wallBase;

    public TimeSpan WallOffset { get; set; }
}
