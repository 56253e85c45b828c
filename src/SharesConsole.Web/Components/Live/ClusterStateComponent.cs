using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SharesConsole.Core.State;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Components.Live;

/// <summary>Base for pages that show the live <see cref="ClusterState"/> and gate actions by role.</summary>
public abstract class ClusterStateComponent : LiveComponentBase
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    [Inject]
    public required IClusterStateSource StateSource { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected ClusterState State { get; private set; } = null!;

    /// <summary>Drain, maintenance, switchover, lab chaos.</summary>
    protected bool CanOperate => _user.IsInRole(Roles.Operator) || _user.IsInRole(Roles.Admin);

    /// <summary>Settings.</summary>
    protected bool CanAdminister => _user.IsInRole(Roles.Admin);

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
