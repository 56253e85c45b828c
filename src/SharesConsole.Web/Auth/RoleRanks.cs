namespace SharesConsole.Web.Auth;

/// <summary>Orders the roles: each role may do everything the roles below it may.</summary>
public static class RoleRanks
{
    public static IReadOnlyList<string> All { get; } = [Roles.Viewer, Roles.Operator, Roles.Admin];

    /// <summary>0 for Viewer, 1 for Operator, 2 for Admin; -1 for an unknown role.</summary>
    public static int Of(string? role) => role switch
    {
        Roles.Viewer => 0,
        Roles.Operator => 1,
        Roles.Admin => 2,
        _ => -1,
    };

    /// <summary>The role's canonical spelling, or null when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The role and every role below it (an Admin is also an Operator and a Viewer).</summary>
    public static IEnumerable<string> Implied(string role) => All.Take(Of(role) + 1);
}
