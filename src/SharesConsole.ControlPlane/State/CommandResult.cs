namespace SharesConsole.ControlPlane.State;

/// <summary>Stable error codes of cluster commands; the API maps them to problem types and status codes.</summary>
public enum CommandError
{
    None,

    /// <summary>Unknown node or operation (404).</summary>
    NotFound,

    /// <summary>The cluster's current state refuses it, e.g. another operation runs (409).</summary>
    Conflict,

    /// <summary>Bad values; <see cref="CommandResult.FieldErrors"/> names each field (400).</summary>
    Validation,
}

/// <summary>The outcome of an operator command: success, or a reason a person can read.</summary>
public record CommandResult(CommandError Error, string? Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public bool Ok => Error == CommandError.None;

    public static CommandResult Success { get; } = new(CommandError.None, null);

    public static CommandResult NotFound(string message) => new(CommandError.NotFound, message);

    public static CommandResult Conflict(string message) => new(CommandError.Conflict, message);

    public static CommandResult Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(CommandError.Validation, "One or more values are invalid.", fields);
}

/// <summary>A command result that carries a value on success.</summary>
public sealed record CommandResult<T>(CommandError Error, string? Message, T? Value, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
    : CommandResult(Error, Message, FieldErrors)
{
    public static CommandResult<T> From(T value) => new(CommandError.None, null, value);

    public static CommandResult<T> Fail(CommandResult failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(failure.Error, failure.Message, default, failure.FieldErrors);
    }
}
