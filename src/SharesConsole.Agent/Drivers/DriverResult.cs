namespace SharesConsole.Agent.Drivers;

public sealed record DriverResult
{
    public bool Ok { get; init; }

    /// <summary>Nothing had to be done: the service already was in the requested state.</summary>
    public bool Unchanged { get; init; }

    public string? Error { get; init; }

    public int? Pid { get; init; }

    public static DriverResult Done(int? pid = null) => new() { Ok = true, Pid = pid };

    public static DriverResult AlreadyThere(int? pid = null) => new() { Ok = true, Unchanged = true, Pid = pid };

    public static DriverResult Failed(string error) => new() { Ok = false, Error = error };
}
