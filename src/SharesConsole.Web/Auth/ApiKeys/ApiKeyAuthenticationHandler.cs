using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Auth.ApiKeys;

/// <summary>Authenticates the <c>X-Api-Key</c> header; no header means no result (other schemes may try).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.Fail("Send exactly one X-Api-Key header.");
        }

        var (record, failure) = await keys.AuthenticateAsync(values[0]!, Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail(failure ?? "The API key is not valid.");
        }

        var principal = Principals.Create($"key:{record.Name}", record.Role, AuthSchemes.ApiKey, "api-key", [new Claim("sc:key", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, AuthSchemes.ApiKey));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
