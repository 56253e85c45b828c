using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Api;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Components.Shared;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The edge processes: health, VIP holder, configuration version, last contact; tokens and removal for admins.</summary>
public sealed partial class Edges
{
    private EdgeBoard? _board;
    private string? _newName;
    private bool _busy;

    [Inject]
    public required EdgeBoardSource Source { get; init; }

    [Inject]
    public required IEdgeDirectory Enrollments { get; init; }

    [Inject]
    public required IOptions<EdgeOptions> EdgeOptions { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Watch(Source.WatchAsync, board =>
        {
            _board = board;
            return true;
        });
    }

    private async Task EnrollAsync()
    {
        var name = _newName?.Trim() ?? "";
        if (!EdgeNames.IsValid(name))
        {
            Snackbar.Add(EdgeNames.Rule, Severity.Error);
            return;
        }

        // Enrolling a name already enrolled would silently revoke that edge's token: that is the row's New token button.
        if (_board?.Edges.Any(e => e.Enrolled && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) == true)
        {
            Snackbar.Add($"Edge {name.ToLowerInvariant()} is enrolled already; its New token button replaces its token.", Severity.Warning);
            return;
        }

        if (await IssueAsync(name))
        {
            _newName = null;
        }
    }

    private async Task NewTokenAsync(string name)
    {
        var question = $"Issue a new token for edge {name}? Its current token stops working at once: the edge disconnects and keeps serving from its snapshot until it is given the new one.";
        if (await ConfirmDialog.AskAsync(Dialogs, "New token", question, "New token", Color.Warning, Roles.Admin))
        {
            await IssueAsync(name);
        }
    }

    private async Task<bool> IssueAsync(string name)
    {
        if (!await MayChangeAsync())
        {
            return false;
        }

        EdgeTokenIssued issued;
        _busy = true;
        try
        {
            issued = await Enrollments.IssueTokenAsync(name, Actor, Lifetime);
        }
        finally
        {
            _busy = false;
        }

        await EdgeTokenDialog.ShowAsync(Dialogs, issued);
        return true;
    }

    private async Task RemoveAsync(string name)
    {
        var question = $"Remove edge {name}? Its token is revoked and its connection closes; if it holds the VIP, keepalived moves it once the edge stops answering its health check.";
        if (!await ConfirmDialog.AskAsync(Dialogs, "Remove edge", question, "Remove", Color.Error, Roles.Admin) || !await MayChangeAsync())
        {
            return;
        }

        bool removed;
        _busy = true;
        try
        {
            removed = await Enrollments.RemoveAsync(name, Actor, Lifetime);
        }
        finally
        {
            _busy = false;
        }

        Snackbar.Add(
            removed ? $"Edge {name} removed; its token is revoked." : $"There is no edge named {name} (removed meanwhile?).",
            removed ? Severity.Success : Severity.Warning);
    }

    /// <summary>The server's check right before the change: a dialog may have stayed open long, a sign-in may have ended.</summary>
    private async Task<bool> MayChangeAsync()
    {
        if (await MayAsync(Roles.Admin))
        {
            return true;
        }

        Snackbar.Add($"Edge tokens need the {Roles.Admin} role; your sign-in does not have it (now).", Severity.Error);
        return false;
    }

    private static (Severity Severity, string Text)? Vip(EdgeBoard board)
    {
        var holders = board.VipHolders;
        return holders.Count switch
        {
            1 => (Severity.Success, $"The VIP is held by {holders[0].Name}."),
            > 1 => (Severity.Error, $"{holders.Count} edges report holding the VIP ({string.Join(", ", holders.Select(h => h.Name))}): check keepalived (priorities, VRRP between the edges)."),
            _ when board.Edges.Any(e => e.Up) => (Severity.Warning, "No edge reports holding the VIP: clients cannot reach the service through it. Check keepalived on the edges."),
            _ when board.Edges.Count > 0 => (Severity.Error, "No edge is up."),
            _ => null,
        };
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
