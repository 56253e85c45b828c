using SharesConsole.Core.State;

namespace SharesConsole.Web.Api;

/// <summary>Reads operations for the API.</summary>
public interface IOperationQuery
{
    Task<OperationSummary?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<OperationSummary>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Notes an operation the API just started, so a GET right after the 202 finds it.</summary>
    void Remember(OperationSummary operation);
}
