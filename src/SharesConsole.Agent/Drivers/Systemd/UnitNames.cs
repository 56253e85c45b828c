namespace SharesConsole.Agent.Drivers.Systemd;

internal static class UnitNames
{
    private static readonly string[] Suffixes =
        [".service", ".socket", ".target", ".timer", ".mount", ".automount", ".swap", ".path", ".slice", ".scope", ".device"];

    /// <summary>The full unit name systemd uses for drop-in directories: systemctl accepts <c>mysql</c>, the directory is <c>mysql.service.d</c>.</summary>
    public static string Full(string unit) =>
        Suffixes.Any(s => unit.EndsWith(s, StringComparison.Ordinal)) ? unit : unit + ".service";
}
