using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Api;

/// <summary>
/// Reads a JSON request body and turns every way it can be wrong (not JSON, wrong types,
/// wrong media type, too large) into a problem that names the bad field, never an exception.
/// </summary>
public static class ApiBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
        {
            return (null, TypedResults.Problem("Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", type: ProblemTypes.UnsupportedMediaType));
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, cancellationToken);
            return value is null ? (null, ApiResults.Malformed("The body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return (null, field is null
                ? ApiResults.Malformed($"The body is not valid JSON: {FirstSentence(ex.Message)}")
                : ApiResults.Invalid(field, $"The value has the wrong type or format ({FirstSentence(ex.Message)})."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", type: ProblemTypes.BodyTooLarge));
        }
    }

    /// <summary>"$.ports.web" → "ports.web"; null for the root (then the JSON itself is broken).</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
