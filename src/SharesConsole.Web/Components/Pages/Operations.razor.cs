using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.State;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>
/// Every failover, switchover and drill as a timeline with its steps, their durations and the outcome:
/// the stored operations (they survive a restart) merged with the ones followed live.
/// </summary>
public sealed partial class Operations
{
    public const int MaxOperations = 200;

    private IReadOnlyList<OperationRecord> _stored = [];
    private IReadOnlyList<OperationRecord> _operations = [];
    private readonly HashSet<Guid> _endedSeen = [];

    [Inject]
    public required OperationJournal Journal { get; init; }

    [Inject]
    public required IOperationHistory History { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        if (State.LastFailover is { } last && OperationTimeline.HasEnded(last))
        {
            _endedSeen.Add(last.Id);
        }

        Merge();
    }

    protected override async Task OnInitializedAsync()
    {
        _stored = await History.RecentAsync(MaxOperations, Lifetime);
        Merge();
    }

    protected override void OnStateChanged(ClusterState state)
    {
        // The journal follows the same stream; record this state first so the page never lags it.
        Journal.Observe(state);
        Merge();
        if (state.LastFailover is { } last && OperationTimeline.HasEnded(last) && _endedSeen.Add(last.Id))
        {
            // The engine has written the finished operation: its recorded steps replace the observed ones.
            _ = ReloadAsync();
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            var stored = await History.RecentAsync(MaxOperations, Lifetime);
            await InvokeAsync(() =>
            {
                _stored = stored;
                Merge();
                StateHasChanged();
            });
        }
        catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
        {
            // The page is gone.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void Merge() => _operations = OperationTimeline.Merge(_stored, Journal.Snapshot(), MaxOperations);

    private static Color ColorOf(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => Color.Success,
        OperationStatus.Failed => Color.Error,
        OperationStatus.Running => Color.Warning,
        _ => Color.Default,
    };
}
