using Microsoft.AspNetCore.Components;

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

    private string? Message => Error switch
    {
        "locked" => "Too many failed attempts: this account is locked for a while.",
        null or "" => null,
        _ => "Wrong user name or password.",
    };
}
