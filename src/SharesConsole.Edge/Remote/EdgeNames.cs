namespace SharesConsole.Edge.Remote;

/// <summary>The one rule for edge names: the edge's own configuration and the control plane's enrolment both check it.</summary>
public static class EdgeNames
{
    public const string Rule = "An edge name is 1-63 letters, digits, '-', '_' or '.'.";

    public static bool IsValid(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 63 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
