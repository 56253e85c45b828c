using System.Collections.Concurrent;
using System.Security.Claims;
using SharesConsole.Web.Auth.Sessions;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Sessions as the user store would judge them: every sign-in holds until the test ends one by user name.</summary>
public sealed class FakeSessions : ISessionValidator
{
    private readonly ConcurrentDictionary<string, bool> _ended = new(StringComparer.OrdinalIgnoreCase);

    public void End(string userName) => _ended[userName] = true;

    public Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Identity?.Name is not { } name || !_ended.ContainsKey(name));
}
