namespace SharesConsole.Web.Auth;

/// <summary>Console role names. Viewer reads; Operator also drains, switches over and runs drills; Admin also edits settings.</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    /// <summary>Roles allowed to run operator actions (an Admin may do everything an Operator may).</summary>
    public const string OperatorOrAdmin = Operator + "," + Admin;
}
