using Microsoft.AspNetCore.Components;
using SharesConsole.Web.Auth.Account;

namespace SharesConsole.Web.Components.Account;

/// <summary>Static (server-rendered) login form; it posts to the /account/login endpoint.</summary>
public sealed partial class Login
{
    [SupplyParameterFromQuery]
    public string? Error { get; set; }

    [SupplyParameterFromQuery]
    public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery]
    public int? SignedOut { get; set; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    private string? Message => AccountFormAntiforgery.WasRejected(HttpContext) ? AccountMessages.FormExpired : Error switch
    {
        "locked" => "Too many failed attempts: this account is locked for a while.",
        "source" => "Too many failed attempts from your address: sign-in from it is paused for a while. Other addresses are not affected.",
        null or "" => null,
        _ => "Wrong user name or password.",
    };
}
