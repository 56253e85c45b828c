namespace SharesConsole.Web.Auth;

/// <summary>
/// Authorization policy names. Each demands a minimum role (Admin ⊇ Operator ⊇ Viewer);
/// <see cref="View"/> also lets anonymous visitors in when <c>Auth:AnonymousViewer</c> is on.
/// </summary>
public static class Policies
{
    public const string View = "sc.view";

    /// <summary>Viewer or above, signed in or with an API key: the anonymous viewer does not pass.</summary>
    public const string ViewSignedIn = "sc.view-signed-in";
    public const string Operate = "sc.operate";
    public const string Administer = "sc.administer";
}
