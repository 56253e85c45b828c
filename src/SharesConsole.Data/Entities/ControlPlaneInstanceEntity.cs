namespace SharesConsole.Data.Entities;

/// <summary>One control-plane instance as it last announced itself (every second, on the database's clock).</summary>
public sealed class ControlPlaneInstanceEntity
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    public string Role { get; set; } = "";

    public long Term { get; set; }

    public long SeenAtMicros { get; set; }

    public long StartedAtMicros { get; set; }
}
