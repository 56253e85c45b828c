using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SharesConsole.Web.Logging;

namespace SharesConsole.Web.Api;

/// <summary>
/// For <c>/api</c> requests: caps the body size (413), turns the console's status-code pages off,
/// and gives every bodiless error answer (404 route, 405, framework 400s) a problem-details body.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.StatusCode, ex.Message);
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, ex, UntrustedText.ForLog(context.Request.Method, 16), UntrustedText.ForLog(context.Request.Path.Value, 256));
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "The server failed to handle the request; the error is logged.");
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0 &&
            string.IsNullOrEmpty(context.Response.ContentType))
        {
            await WriteAsync(context, context.Response.StatusCode, null);
        }
    }

    private async Task WriteAsync(HttpContext context, int status, string? detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Type = ProblemTypes.ForStatus(status),
                Detail = detail ?? DefaultDetail(status),
            },
        });
    }

    private static string DefaultDetail(int status) => status switch
    {
        400 => "The request could not be read: check the JSON, the parameter types and the required fields.",
        401 => "Sign in, or send a valid API key in the X-Api-Key header.",
        403 => "Your role does not allow this.",
        404 => "There is nothing at this address.",
        405 => "This address does not accept that method.",
        413 => "The body is too large.",
        _ => "The request failed.",
    };

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
