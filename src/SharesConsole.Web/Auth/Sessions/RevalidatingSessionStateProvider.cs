using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace SharesConsole.Web.Auth.Sessions;

/// <summary>
/// A console circuit outlives the request that opened it, so the cookie check alone would never end it: every
/// minute the circuit's sign-in is checked again, and an ended one turns the circuit
/// anonymous (the page then shows the sign-in). Console actions check at once besides (<see cref="ISessionValidator"/>).
/// </summary>
internal sealed class RevalidatingSessionStateProvider(ILoggerFactory loggerFactory, ISessionValidator sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        sessions.IsValidAsync(authenticationState.User, cancellationToken);
}
