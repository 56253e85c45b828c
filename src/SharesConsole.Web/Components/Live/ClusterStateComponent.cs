using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SharesConsole.Core.State;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Sessions;

namespace SharesConsole.Web.Components.Live;

/// <summary>Base for pages that show the live <see cref="ClusterState"/> and gate actions by role.</summary>
public abstract class ClusterStateComponent : LiveComponentBase
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    [Inject]
    public required IClusterStateSource StateSource { get; init; }

    [Inject]
    public required ISessionValidator Sessions { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected ClusterState State { get; private set; } = null!;

    /// <summary>Drain, maintenance, switchover (enables buttons; <see cref="MayAsync"/> decides).</summary>
    protected bool CanOperate => _user.IsInRole(Roles.Operator) || _user.IsInRole(Roles.Admin);

    /// <summary>Settings, lab chaos (enables buttons; <see cref="MayAsync"/> decides).</summary>
    protected bool CanAdminister => _user.IsInRole(Roles.Admin);

    /// <summary>
    /// The server's check, at the moment an action runs: a disabled button is only a hint to the user, and a circuit
    /// lives on after its sign-in ended or its role changed. It reads the current authentication state and asks the
    /// user store whether the sign-in still holds. False: the caller must not act.
    /// </summary>
    protected async Task<bool> MayAsync(string role)
    {
        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
        }

        if (!await Sessions.IsValidAsync(_user, Lifetime))
        {
            _user = new ClaimsPrincipal(new ClaimsIdentity());
            return false;
        }

        return _user.IsInRole(role);
    }

    /// <summary>The name written to the audit log.</summary>
    protected string Actor => _user.Identity?.Name is { Length: > 0 } name ? name : "console";

    protected override void OnInitialized()
    {
        State = StateSource.Current;
        Watch(StateSource.WatchAsync, state =>
        {
            if (state.Version == State.Version && ReferenceEquals(state, State))
            {
                return false;
            }

            State = state;
            OnStateChanged(state);
            return true;
        });
    }

    protected override async Task OnParametersSetAsync()
    {
        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
        }
    }

    /// <summary>Called on the renderer after <see cref="State"/> changed, before the re-render.</summary>
    protected virtual void OnStateChanged(ClusterState state)
    {
    }
}
