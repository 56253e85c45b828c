using SharesConsole.Core.State;

namespace SharesConsole.Web.Api.Models;

/// <summary>A failover, switchover or drill.</summary>
public sealed record OperationDto(
    Guid Id,
    string Kind,
    string Status,
    string? SourceNode,
    string? TargetNode,
    string? CurrentStep,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    double? DurationMs)
{
    public static OperationDto From(OperationSummary o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Id, o.Kind.ToString(), o.Status.ToString(), o.SourceNode, o.TargetNode, o.CurrentStep, o.Reason, o.CreatedAt, o.EndedAt,
            o.Duration?.TotalMilliseconds);
    }

    public static OperationDto? FromNullable(OperationSummary? o) => o is null ? null : From(o);
}

public sealed record SwitchoverRequest(string? TargetNode);
