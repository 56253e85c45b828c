using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.State;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>Every failover, switchover and drill as a timeline with its steps, their durations and the outcome.</summary>
public sealed partial class Operations
{
    private IReadOnlyList<OperationRecord> _operations = [];

    [Inject]
    public required OperationJournal Journal { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _operations = Journal.Snapshot();
    }

    protected override void OnStateChanged(ClusterState state)
    {
        // The journal follows the same stream; record this state first so the page never lags it.
        Journal.Observe(state);
        _operations = Journal.Snapshot();
    }

    private static Color ColorOf(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => Color.Success,
        OperationStatus.Failed => Color.Error,
        OperationStatus.Running => Color.Warning,
        _ => Color.Default,
    };
}
