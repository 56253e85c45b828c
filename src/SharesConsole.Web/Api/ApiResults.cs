using Microsoft.AspNetCore.Http.HttpResults;
using SharesConsole.ControlPlane.State;

namespace SharesConsole.Web.Api;

/// <summary>Problem-details results with a stable type per error.</summary>
public static class ApiResults
{
    public static ProblemHttpResult NotFound(string type, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: type);

    public static ProblemHttpResult Conflict(string type, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: type);

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "One or more fields are invalid.", title: "Invalid request", type: ProblemTypes.Validation);

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", type: ProblemTypes.MalformedRequest);

    /// <summary>Maps a failed cluster command to its problem (404, 409 or 400 naming the fields).</summary>
    public static IResult FromCommand(CommandResult result, string notFoundType, Func<string, string>? fieldName = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Error switch
        {
            CommandError.NotFound => NotFound(notFoundType, result.Message ?? "Not found."),
            CommandError.Conflict => Conflict(ProblemTypes.OperationConflict, result.Message ?? "The cluster refused the request."),
            CommandError.Validation => Invalid((result.FieldErrors ?? new Dictionary<string, string[]>())
                .ToDictionary(e => fieldName?.Invoke(e.Key) ?? e.Key, e => e.Value)),
            _ => TypedResults.NoContent(),
        };
    }
}
