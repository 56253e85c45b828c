using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.Core.Failover;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>Where the reconciler reports an active/passive service that used up its in-place restarts.</summary>
public interface IServiceGaveUpReporter
{
    void ReportGaveUp(string service);
}
