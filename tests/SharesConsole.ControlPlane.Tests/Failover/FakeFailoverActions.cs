using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>A scripted world: which nodes answer, what runs where, the epoch in the "database".</summary>
internal sealed class FakeFailoverActions(TimeProvider time) : IFailoverActions
{
    public HashSet<string> Connected { get; } = new(StringComparer.Ordinal);

    private readonly DateTimeOffset _created = time.GetUtcNow();

    /// <summary>When each node was last granted the lease.</summary>
    public Dictionary<string, DateTimeOffset> Heartbeats { get; } = [];

    public Dictionary<string, HashSet<string>> Running { get; } = [];

    public HashSet<string> FailingStarts { get; } = [];

    public HashSet<string> FailingStops { get; } = [];

    /// <summary>Replaces the old active's answer to the fencing stop (refusal, disconnect, silence).</summary>
    public Func<CancellationToken, Task<ActionResult>>? StopGroupReply { get; set; }

    /// <summary>An action whose call starts with this text throws instead of answering.</summary>
    public string? ThrowOn { get; set; }

    public long Epoch { get; set; } = 5;

    public string Active { get; set; } = "node-a";

    public List<string> Calls { get; } = [];

    public List<StepRecord> Records { get; } = [];

    /// <summary>Called after each Connected check, so a test can change the world mid-fence.</summary>
    public Action? OnPoll { get; set; }

    public bool IsConnected(string node)
    {
        OnPoll?.Invoke();
        return Connected.Contains(node);
    }

    /// <summary>Connected nodes whose heartbeats stopped arriving (cut off behind a connection that still looks open).</summary>
    public HashSet<string> Silent { get; } = new(StringComparer.Ordinal);

    public bool IsHeard(string node) => Connected.Contains(node) && !Silent.Contains(node);

    /// <summary>Heartbeats stand for grants; a node without one counts from the fake's creation, as a control plane counts from its start.</summary>
    public TimeSpan LeaseRemaining(string node, TimeSpan lease, TimeSpan margin)
    {
        var left = (Heartbeats.TryGetValue(node, out var t) ? t : _created) + lease + margin - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The answer to a poison pill (the victim's confirmation through the storage); none by default: no shared storage.</summary>
    public Func<string, CancellationToken, Task<ActionResult>>? PoisonPillReply { get; set; }

    public Task<ActionResult> PoisonPillAsync(string via, string victim, long epoch, TimeSpan wait, CancellationToken cancellationToken)
    {
        Call($"poison-pill {victim} via {via} @{epoch}");
        return PoisonPillReply is { } reply
            ? reply(victim, cancellationToken)
            : Task.FromResult(ActionResult.Failure($"{via} has no disk heartbeat"));
    }

    public Task<ActionResult> StopGroupAsync(string node, long epoch, CancellationToken cancellationToken)
    {
        Call($"stop-group {node} @{epoch}");
        if (StopGroupReply is { } reply)
        {
            return reply(cancellationToken);
        }

        Running.GetValueOrDefault(node)?.Clear();
        return Task.FromResult(ActionResult.Success("stopped"));
    }

    public Task<ActionResult> StopServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken)
    {
        Call($"stop {service} {node} @{epoch}");
        if (FailingStops.Contains(service))
        {
            return Task.FromResult(ActionResult.Failure($"{service} did not stop"));
        }

        Running.GetValueOrDefault(node)?.Remove(service);
        return Task.FromResult(ActionResult.Success("stopped"));
    }

    public Task<ActionResult> StartServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken)
    {
        Call($"start {service} {node} @{epoch}");
        if (FailingStarts.Contains(service))
        {
            return Task.FromResult(ActionResult.Failure($"{service} probe failed"));
        }

        if (!Running.TryGetValue(node, out var set))
        {
            Running[node] = set = [];
        }

        set.Add(service);
        return Task.FromResult(ActionResult.Success("running"));
    }

    public Task<bool> IsGroupStoppedAsync(string node, CancellationToken cancellationToken)
    {
        Call($"confirm {node}");
        return Task.FromResult(Running.GetValueOrDefault(node) is not { Count: > 0 });
    }

    public Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken)
    {
        Call($"raise {expected}->{newActive}");
        if (Epoch == expected)
        {
            Epoch++;
            Active = newActive;
            return Task.FromResult((EpochRaise.Raised, Epoch));
        }

        return Task.FromResult(Epoch == expected + 1 && Active == newActive ? (EpochRaise.AlreadyRaised, Epoch) : (EpochRaise.Stale, Epoch));
    }

    public Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken)
    {
        Records.Add(step);
        _ = time;
        return Task.CompletedTask;
    }

    private void Call(string call)
    {
        Calls.Add(call);
        if (ThrowOn is not null && call.StartsWith(ThrowOn, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"scripted failure in '{call}'");
        }
    }
}
