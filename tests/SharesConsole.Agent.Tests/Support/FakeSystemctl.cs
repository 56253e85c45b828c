namespace SharesConsole.Agent.Tests.Support;

/// <summary>A real executable standing in for systemctl, so the systemd driver runs a real process.</summary>
internal static class FakeSystemctl
{
    /// <summary>start hangs; is-active says inactive.</summary>
    public const string Hanging = """
        case "$1" in
          is-active) echo inactive; exit 3;;
          start) echo $$ > "$(dirname "$0")/hung.pid"; exec sleep 600;;
          *) exit 0;;
        esac
        """;

    /// <summary>Every unit is missing, as systemd reports it.</summary>
    public const string MissingUnit = """
        case "$1" in
          is-active) echo inactive; exit 3;;
          start) echo "Failed to start $2.service: Unit $2.service not found." >&2; exit 5;;
          stop) echo "Failed to stop $2.service: Unit $2.service not loaded." >&2; exit 5;;
        esac
        """;

    /// <summary>A working unit whose state lives in a file next to the script.</summary>
    public const string Working = """
        state="$(dirname "$0")/state-$2"
        case "$1" in
          is-active) if [ -f "$state" ]; then echo active; exit 0; else echo inactive; exit 3; fi;;
          start) echo started >> "$(dirname "$0")/starts-$2"; touch "$state";;
          stop) rm -f "$state";;
        esac
        """;

    /// <summary>
    /// A unit with <c>Restart=on-failure</c>, as stock MariaDB/MySQL units have: a <c>kill</c> of a running unit brings it
    /// back (logged as <c>restarted &lt;unit&gt;</c>) unless a drop-in with <c>Restart=no</c> under
    /// <paramref name="unitDirectory"/> was loaded by a <c>daemon-reload</c>, as systemd itself applies it. Every call is
    /// logged, one line each, to <c>calls</c> next to the script (<see cref="Calls"/>).
    /// </summary>
    public static string Restarting(string unitDirectory) => $$"""
        here="$(dirname "$0")"
        echo "$*" >> "$here/calls"
        for unit; do :; done
        state="$here/state-$unit"
        current="$(cat "$state" 2>/dev/null || echo inactive)"
        case "$1" in
          is-active) echo "$current"; [ "$current" = active ]; exit $?;;
          start) echo active > "$state";;
          stop) echo inactive > "$state";;
          kill)
            if [ "$current" != active ]; then echo "Failed to kill unit $unit: No main process to kill" >&2; exit 1; fi
            if grep -qxF "$unit" "$here/loaded-restart-no" 2>/dev/null; then
              echo failed > "$state"
            else
              echo active > "$state"; echo "restarted $unit" >> "$here/calls"
            fi;;
          daemon-reload)
            : > "$here/loaded-restart-no"
            for conf in "{{unitDirectory}}"/*.d/*.conf; do
              if [ -f "$conf" ] && grep -qx 'Restart=no' "$conf"; then basename "$(dirname "$conf")" .d >> "$here/loaded-restart-no"; fi
            done;;
        esac
        """;

    /// <summary>The calls a <see cref="Restarting"/> script received, in order.</summary>
    public static IReadOnlyList<string> Calls(string directory)
    {
        var path = Path.Combine(directory, "calls");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public static string Write(string directory, string body)
    {
        var path = Path.Combine(directory, "systemctl");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
