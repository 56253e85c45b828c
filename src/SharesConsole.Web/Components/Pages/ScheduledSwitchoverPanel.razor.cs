using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.State;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Components.Pages;

/// <summary>Planned switchovers waiting for their time: listed, cancellable, and a form to schedule one (Operator role, checked again on every action).</summary>
public sealed partial class ScheduledSwitchoverPanel
{
    /// <summary>The list is read from the job store again at most this often while states stream in.</summary>
    private static readonly TimeSpan ListRefresh = TimeSpan.FromSeconds(5);

    private IReadOnlyList<ScheduledSwitchover> _scheduled = [];
    private DateTimeOffset _listedAt;
    private string? _target;
    private string? _at;
    private string? _error;
    private bool _busy;

    [Inject]
    public required ISwitchoverSchedule Schedule { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Reload();
    }

    protected override void OnStateChanged(ClusterState state)
    {
        // A switchover that became due leaves the list; no need to ask the job store on every state.
        if (state.At - _listedAt >= ListRefresh)
        {
            Reload();
        }
    }

    private void Reload()
    {
        _scheduled = Schedule.List();
        _listedAt = State.At;
    }

    private async Task ScheduleAsync()
    {
        _error = null;
        if (!await MayAsync(Roles.Operator))
        {
            _error = "Scheduling a switchover needs the Operator role.";
            return;
        }

        if (!DateTime.TryParseExact(_at, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            _error = "Enter the time as a date and a time of day (UTC).";
            return;
        }

        _busy = true;
        try
        {
            var result = await Schedule.ScheduleAsync(_target ?? "", new DateTimeOffset(at, TimeSpan.Zero), Actor, Lifetime);
            if (result.Ok)
            {
                Snackbar.Add($"Switchover to {result.Value!.TargetNode} scheduled for {result.Value.At:yyyy-MM-dd HH:mm} UTC.", Severity.Success);
                _target = null;
                _at = null;
            }
            else
            {
                _error = result.FieldErrors is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : result.Message;
            }

            Reload();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CancelAsync(string id)
    {
        if (!await MayAsync(Roles.Operator))
        {
            _error = "Cancelling a switchover needs the Operator role.";
            return;
        }

        _busy = true;
        try
        {
            var cancelled = await Schedule.CancelAsync(id, Actor, Lifetime);
            Snackbar.Add(cancelled ? "Scheduled switchover cancelled." : "That switchover had already started or was cancelled.", cancelled ? Severity.Info : Severity.Warning);
            Reload();
        }
        finally
        {
            _busy = false;
        }
    }
}
