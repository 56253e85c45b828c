using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Drivers;

public sealed record DriverState(ServiceRunState State, int? Pid = null, string? Detail = null)
{
    public static DriverState Stopped { get; } = new(ServiceRunState.Stopped);
}
