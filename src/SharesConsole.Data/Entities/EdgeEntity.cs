namespace SharesConsole.Data.Entities;

/// <summary>An enrolled edge process: its name and the hash of its edge token (the clear token is shown once).</summary>
public sealed class EdgeEntity
{
    public string Name { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset TokenIssuedAt { get; set; }
}
