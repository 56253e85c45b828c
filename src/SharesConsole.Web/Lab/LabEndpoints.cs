using SharesConsole.ControlPlane.State;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Lab;

/// <summary><c>POST /api/v1/lab/nodes/{name}/crash|restore</c>: lab chaos controls, lab mode only.</summary>
public static class LabEndpoints
{
    public static IEndpointRouteBuilder MapSharesLab(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/lab/nodes").WithTags("Lab").RequireAuthorization(Policies.Administer);
        group.MapPost("/{name}/crash", (string name, ILabControl lab, CancellationToken ct) => RunAsync(lab, l => l.CrashAsync(name, ct)));
        group.MapPost("/{name}/restore", (string name, ILabControl lab, CancellationToken ct) => RunAsync(lab, l => l.RestoreAsync(name, ct)));
        return endpoints;
    }

    private static async Task<IResult> RunAsync(ILabControl lab, Func<ILabControl, Task<CommandResult>> action)
    {
        if (!lab.IsLab)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lab mode is off", detail: "Crash and restore exist only in the embedded lab (Lab:Enabled).", type: "https://sharesconsole.dev/problems/lab-disabled");
        }

        var result = await action(lab);
        return result.Error switch
        {
            CommandError.None => Results.Accepted(),
            CommandError.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown lab node", detail: result.Message, type: "https://sharesconsole.dev/problems/node-not-found"),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: result.Message, type: "https://sharesconsole.dev/problems/conflict"),
        };
    }
}
