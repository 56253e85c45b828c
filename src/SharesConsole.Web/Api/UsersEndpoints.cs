using SharesConsole.Data.Stores;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/users/{name}/sessions: end every console sign-in of a user (Admin), for a lost laptop or a leaver.</summary>
internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Administer);
        group.MapDelete("/{name}/sessions", async (string name, ILocalUserStore users, CancellationToken ct) =>
            UserNames.IsValid(name) && await users.RevokeSessionsAsync(name, ct)
                ? Results.NoContent()
                : ApiResults.NotFound(ProblemTypes.UserNotFound, "There is no such user."))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
