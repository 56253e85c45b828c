using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Api.Models;

/// <summary>One step of an operation as recorded: what ran, how long, with what outcome.</summary>
public sealed record OperationStepDto(int Index, string Name, string Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationMs, string? Detail)
{
    public static OperationStepDto From(StoredStep s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Index, s.Name, s.Status.ToString(), s.StartedAt, s.EndedAt, s.Duration?.TotalMilliseconds, s.Detail);
    }
}
