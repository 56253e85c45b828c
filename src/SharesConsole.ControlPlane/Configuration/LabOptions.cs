namespace SharesConsole.ControlPlane.Configuration;

/// <summary>The embedded lab: two in-process agents and the edge on 127.0.0.20-22.</summary>
public sealed class LabOptions
{
    public const string SectionName = "Lab";

    /// <summary>On by default so a bare <c>dotnet run</c> shows a working cluster; production turns it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Run the embedded agents (tests that only need the console turn this off).</summary>
    public bool Agents { get; set; } = true;

    /// <summary>Directory where lab stand-ins keep their lock files.</summary>
    public string Directory { get; set; } = "./data/lab";
}
