using SharesConsole.Core.Catalog;

namespace SharesConsole.Core.Failover;

/// <summary>The ordered steps of each kind of operation.</summary>
public static class OperationSteps
{
    /// <summary>Failover: fence the old active (stop or lease), raise the epoch, start the group on the target in order.</summary>
    public static IReadOnlyList<OperationStep> Failover(ServiceCatalog catalog, string target)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return
        [
            new FenceStep(),
            new RaiseEpochStep(),
            .. catalog.ActivePassiveStartOrder.Select(s => new StartServiceStep(s.Name, target)),
        ];
    }

    /// <summary>Switchover: stop the group on the old active in reverse order, confirm, raise the epoch, start on the target.</summary>
    public static IReadOnlyList<OperationStep> Switchover(ServiceCatalog catalog, string source, string target)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return
        [
            .. catalog.ActivePassiveStopOrder.Select(s => new StopServiceStep(s.Name, source)),
            new ConfirmStoppedStep(),
            new RaiseEpochStep(),
            .. catalog.ActivePassiveStartOrder.Select(s => new StartServiceStep(s.Name, target)),
        ];
    }
}
