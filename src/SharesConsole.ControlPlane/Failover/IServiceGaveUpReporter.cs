namespace SharesConsole.ControlPlane.Failover;

/// <summary>Where the reconciler reports an active/passive service that used up its in-place restarts.</summary>
public interface IServiceGaveUpReporter
{
    void ReportGaveUp(string service);
}
