using SharesConsole.Core.Catalog;

namespace SharesConsole.Core.Failover;

/// <summary>
/// The ordered steps of an operation. Names are stable: a resumed job matches recorded steps by name.
/// </summary>
public static class OperationStepNames
{
    public const string Fence = "fence";
    public const string RaiseEpoch = "raise-epoch";
    public const string Confirm = "confirm-stopped";

    public static string Stop(string service, string node) => $"stop {service} on {node}";

    public static string Start(string service, string node) => $"start {service} on {node}";

    /// <summary>Failover: fence the old active (stop or lease), raise the epoch, start the group on the target in order.</summary>
    public static IReadOnlyList<string> Failover(ServiceCatalog catalog, string target)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [Fence, RaiseEpoch, .. catalog.ActivePassiveStartOrder.Select(s => Start(s.Name, target))];
    }

    /// <summary>Switchover: stop the group on the old active in reverse order, confirm, raise the epoch, start on the target.</summary>
    public static IReadOnlyList<string> Switchover(ServiceCatalog catalog, string source, string target)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return
        [
            .. catalog.ActivePassiveStopOrder.Select(s => Stop(s.Name, source)),
            Confirm,
            RaiseEpoch,
            .. catalog.ActivePassiveStartOrder.Select(s => Start(s.Name, target)),
        ];
    }
}
