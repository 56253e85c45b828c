namespace SharesConsole.Web.Api;

/// <summary>Stable RFC 9457 <c>type</c> URIs, one per kind of error; clients may switch on them.</summary>
public static class ProblemTypes
{
    public const string Base = "https://sharesconsole.dev/problems/";
    public const string Validation = Base + "validation";
    public const string EdgeNotFound = Base + "edge-not-found";
    public const string MalformedRequest = Base + "malformed-request";
    public const string BodyTooLarge = Base + "body-too-large";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string NodeNotFound = Base + "node-not-found";
    public const string OperationNotFound = Base + "operation-not-found";
    public const string WebhookNotFound = Base + "webhook-not-found";
    public const string ApiKeyNotFound = Base + "api-key-not-found";
    public const string UserNotFound = Base + "user-not-found";
    public const string Conflict = Base + "conflict";
    public const string NodeExists = Base + "node-exists";
    public const string OperationConflict = Base + "operation-conflict";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string RateLimited = Base + "rate-limited";
    public const string CrossSiteRequest = Base + "cross-site-request";
    public const string Error = Base + "error";

    /// <summary>The type for a bare status code (used when the framework answered without a body).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        _ => Error,
    };
}
