using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.ApiKeys;

namespace SharesConsole.Web.Tests.Api;

/// <summary>The callers of the authorization matrix, each with a real API key (or none).</summary>
public enum Caller
{
    Anonymous,
    Viewer,
    Operator,
    Admin,
    RevokedKey,
    ExpiredKey,
}

/// <summary>Creates real keys through the app's own key service and store.</summary>
public sealed class TestCallers(WebApplicationFactory<Program> app)
{
    private readonly Dictionary<Caller, string> _keys = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<HttpClient> ClientAsync(Caller caller)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (caller != Caller.Anonymous)
        {
            client.DefaultRequestHeaders.Add(AuthSchemes.ApiKeyHeader, await KeyAsync(caller));
        }

        return client;
    }

    public async Task<string> KeyAsync(Caller caller)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_keys.TryGetValue(caller, out var key))
            {
                key = await CreateAsync(caller);
                _keys[caller] = key;
            }

            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> CreateAsync(Caller caller)
    {
        var services = app.Services;
        var keys = services.GetRequiredService<ApiKeyService>();
        var store = services.GetRequiredService<IApiKeyStore>();
        var role = caller switch
        {
            Caller.Viewer => Roles.Viewer,
            Caller.Operator => Roles.Operator,
            _ => Roles.Admin,
        };
        var (record, key) = await keys.CreateAsync($"test-{caller}-{Guid.NewGuid():N}", role, null, CancellationToken.None);
        if (caller == Caller.RevokedKey)
        {
            await store.RevokeAsync(record.Id, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        if (caller == Caller.ExpiredKey)
        {
            var (format, prefix) = ApiKeyFormat.Generate();
            await store.AddAsync(new ApiKeyRecord
            {
                Name = "test-expired",
                Prefix = prefix,
                Hash = ApiKeyFormat.Hash(format),
                Role = Roles.Admin,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-2),
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1),
            }, CancellationToken.None);
            return format;
        }

        return key;
    }
}
