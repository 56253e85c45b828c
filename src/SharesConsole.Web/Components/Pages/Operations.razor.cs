using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.State;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>
/// Every failover, switchover and drill as a timeline with its steps, their durations and the outcome, read from the
/// operation store (the one record of an operation's status and steps; it survives a restart). The live state only
/// says when to read again: whenever the running operation moves to another step or ends.
/// </summary>
public sealed partial class Operations
{
    public const int MaxOperations = 200;

    private IReadOnlyList<OperationRecord> _stored = [];
    private IReadOnlyList<OperationRecord> _operations = [];
    private (Guid Id, OperationStatus Status, string? Step)? _seen;
    private int _reloading;
    private bool _reloadAgain;

    [Inject]
    public required IOperationHistory History { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _seen = Progress(State);
        Merge();
    }

    protected override async Task OnInitializedAsync()
    {
        _stored = await History.RecentAsync(MaxOperations, Lifetime);
        Merge();
    }

    protected override void OnStateChanged(ClusterState state)
    {
        Merge();
        var progress = Progress(state);
        if (progress != _seen)
        {
            _seen = progress;
            _ = ReloadAsync();
        }
    }

    /// <summary>The live operation's position: a change means the store has something new to show.</summary>
    private static (Guid, OperationStatus, string?)? Progress(ClusterState state) =>
        (state.RunningOperation ?? state.LastFailover) is { } op ? (op.Id, op.Status, op.CurrentStep) : null;

    private async Task ReloadAsync()
    {
        // One read at a time; a change seen meanwhile asks for one more read afterwards.
        if (Interlocked.Exchange(ref _reloading, 1) == 1)
        {
            _reloadAgain = true;
            return;
        }

        try
        {
            do
            {
                _reloadAgain = false;
                var stored = await History.RecentAsync(MaxOperations, Lifetime);
                await InvokeAsync(() =>
                {
                    _stored = stored;
                    Merge();
                    StateHasChanged();
                });
            }
            while (_reloadAgain);
        }
        catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
        {
            // The page is gone.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }

    private void Merge() => _operations = OperationTimeline.Merge(_stored, [State.RunningOperation, State.LastFailover], MaxOperations);

    private static Color ColorOf(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => Color.Success,
        OperationStatus.Failed => Color.Error,
        OperationStatus.Running => Color.Warning,
        _ => Color.Default,
    };
}
