namespace SharesConsole.Web.Auth;

/// <summary>
/// Authorization policy names. Each demands a minimum role (Admin ⊇ Operator ⊇ Viewer);
/// <see cref="View"/> also lets anonymous visitors in when <c>Auth:AnonymousViewer</c> is on.
/// </summary>
public static class Policies
{
    public const string View = "sc.view";
    public const string Operate = "sc.operate";
    public const string Administer = "sc.administer";
}
