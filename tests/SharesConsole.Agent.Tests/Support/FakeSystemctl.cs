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

    public static string Write(string directory, string body)
    {
        var path = Path.Combine(directory, "systemctl");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
