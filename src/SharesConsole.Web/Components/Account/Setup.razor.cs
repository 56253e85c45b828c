using Microsoft.AspNetCore.Components;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Account;

namespace SharesConsole.Web.Components.Account;

/// <summary>One-time page that creates the first admin when none exists and none is configured.</summary>
public sealed partial class Setup
{
    [Inject]
    public required ILocalUserStore Users { get; init; }

    [SupplyParameterFromQuery]
    public string? Error { get; set; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    private bool AdminExists { get; set; }

    private string? Message => AccountFormAntiforgery.WasRejected(HttpContext) ? AccountMessages.FormExpired : Error switch
    {
        "code" => "That is not the setup code SharesConsole printed when it started (a restart prints a new one).",
        "name" => "Use 1-64 letters, digits, '.', '-', '_' or '@' for the user name.",
        "short" => "The password must be at least 12 characters long.",
        "mismatch" => "The two passwords differ.",
        "taken" => "That user name is taken.",
        _ => null,
    };

    protected override async Task OnInitializedAsync() => AdminExists = await Users.AnyInRoleAsync(Roles.Admin, CancellationToken.None);
}
