namespace SharesConsole.Web.Live;

/// <summary>Past operations with their steps, for the Operations timeline; newest first.</summary>
public interface IOperationHistory
{
    Task<IReadOnlyList<OperationRecord>> RecentAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>No stored operations: the timeline shows what the journal saw since the start.</summary>
public sealed class NoOperationHistory : IOperationHistory
{
    public Task<IReadOnlyList<OperationRecord>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OperationRecord>>([]);
}
