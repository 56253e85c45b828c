using System.Diagnostics.CodeAnalysis;

namespace SharesConsole.Core.Failover;

/// <summary>
/// One step of an operation. <see cref="Name"/> is what the database records and the console shows; it never
/// changes between versions, because a resumed run reads the recorded names back with <see cref="TryParse"/>.
/// </summary>
public abstract record OperationStep
{
    private static readonly OperationStep[] Fixed = [new FenceStep(), new RaiseEpochStep(), new ConfirmStoppedStep()];

    // Every kind of step is declared here, so the executor's dispatch and TryParse know them all.
    private protected OperationStep()
    {
    }

    public abstract string Name { get; }

    public sealed override string ToString() => Name;

    /// <summary>Reads a recorded step name; false for a name this version does not know.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out OperationStep? step)
    {
        step = name is null ? null : Array.Find(Fixed, s => s.Name == name) ?? ParseServiceStep(name);
        return step is not null;
    }

    private protected static string ServiceStepName(string verb, string service, string node) => $"{verb} {service} on {node}";

    private static OperationStep? ParseServiceStep(string name) =>
        TrySplit(name, StopServiceStep.Verb, out var service, out var node) ? new StopServiceStep(service, node)
        : TrySplit(name, StartServiceStep.Verb, out service, out node) ? new StartServiceStep(service, node)
        : null;

    // Node names are letters, digits, '-', '_' and '.' (the cluster configuration and enrollment check them), while a
    // service name may hold spaces, even " on ": so the last " on " is the one in front of the node.
    private static bool TrySplit(string name, string verb, out string service, out string node)
    {
        service = node = "";
        var prefix = verb + " ";
        var on = name.LastIndexOf(" on ", StringComparison.Ordinal);
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || on < prefix.Length)
        {
            return false;
        }

        service = name[prefix.Length..on];
        node = name[(on + 4)..];
        return !string.IsNullOrWhiteSpace(service) && node.Length > 0 && !node.Any(char.IsWhiteSpace);
    }
}

/// <summary>Makes sure the old active node runs nothing: it confirms a stop, or its lease runs out.</summary>
public sealed record FenceStep : OperationStep
{
    public override string Name => "fence";
}

/// <summary>Compare-and-set of the epoch from the plan's expected value to the next, naming the target active.</summary>
public sealed record RaiseEpochStep : OperationStep
{
    public override string Name => "raise-epoch";
}

/// <summary>Checks that the old active node reports every active/passive service stopped.</summary>
public sealed record ConfirmStoppedStep : OperationStep
{
    public override string Name => "confirm-stopped";
}

public sealed record StopServiceStep(string Service, string Node) : OperationStep
{
    internal const string Verb = "stop";

    public override string Name => ServiceStepName(Verb, Service, Node);
}

/// <summary>Starts the service on the node and waits until its probe passes.</summary>
public sealed record StartServiceStep(string Service, string Node) : OperationStep
{
    internal const string Verb = "start";

    public override string Name => ServiceStepName(Verb, Service, Node);
}
