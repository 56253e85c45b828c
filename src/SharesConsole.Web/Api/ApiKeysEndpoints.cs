using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.ApiKeys;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/api-keys: create (the key is shown once), list, revoke (Admin).</summary>
internal static class ApiKeysEndpoints
{
    public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

    public sealed record ApiKeyDto(int Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? Key = null)
    {
        public static ApiKeyDto From(ApiKeyRecord k, string? key = null) => new(k.Id, k.Name, k.Prefix, k.Role, k.CreatedAt, k.ExpiresAt, k.RevokedAt, key);
    }

    public static RouteGroupBuilder MapApiKeysEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Administer);
        group.MapGet("/", async (IApiKeyStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(k => ApiKeyDto.From(k)).ToArray()));
        group.MapGet("/{id:int}", async (int id, IApiKeyStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } k ? Results.Ok(ApiKeyDto.From(k)) : NotFound(id)).Produces<ApiKeyDto>();
        group.MapPost("/", CreateAsync).Accepts<CreateApiKeyRequest>("application/json").Produces<ApiKeyDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapDelete("/{id:int}", async (int id, IApiKeyStore store, TimeProvider time, CancellationToken ct) =>
            await store.RevokeAsync(id, time.GetUtcNow(), ct) ? Results.NoContent() : NotFound(id));
        return api;
    }

    private static IResult NotFound(int id) => ApiResults.NotFound(ProblemTypes.ApiKeyNotFound, $"There is no API key {id}.");

    private static async Task<IResult> CreateAsync(HttpContext context, ApiKeyService keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiBody.ReadAsync<CreateApiKeyRequest>(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body!.Name) || body.Name.Length > 100)
        {
            errors["name"] = ["The field is required (at most 100 characters)."];
        }

        var role = RoleRanks.Normalize(body.Role);
        if (role is null)
        {
            errors["role"] = [$"Use one of {string.Join(", ", RoleRanks.All)}."];
        }

        if (body.ExpiresAt <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["The expiry must be in the future."];
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var (record, key) = await keys.CreateAsync(body.Name!.Trim(), role!, body.ExpiresAt, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{record.Id}", ApiKeyDto.From(record, key));
    }
}
