using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Web.Components.Shared;

namespace SharesConsole.Web.Components.Pages;

/// <summary>Every node with its health and the operator actions on it.</summary>
public sealed partial class Nodes
{
    private bool _busy;

    [Inject]
    public required IClusterCommands Commands { get; init; }

    [Inject]
    public required ILabControl Lab { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private IEnumerable<NodeAction> ActionsFor(NodeSnapshot node) => NodeAction.For(node, State, Commands, Lab, Actor, CanOperate, CanAdminister, Lifetime);

    private async Task RunAsync(NodeAction action)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, action.Label, action.Question, action.Label, action.Color, action.Role))
        {
            return;
        }

        // Checked after the confirmation, right before the command: the dialog may have stayed open a long time.
        if (!await MayAsync(action.Role))
        {
            Snackbar.Add($"{action.Label} needs the {action.Role} role; your sign-in does not have it (now).", Severity.Error);
            return;
        }

        _busy = true;
        try
        {
            var result = await action.Run();
            if (result.Ok)
            {
                Snackbar.Add(action.Done, Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Message ?? "The command failed.", Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Latency(double? ms) => ms is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "–";

    private static Color StorageColor(StorageHealth storage) =>
        !storage.FitForActive ? Color.Error : storage.Status != StorageStatus.Ok || storage.LowSpace ? Color.Warning : Color.Success;

    private static string Disk(long? bytes) => bytes is { } b ? (b / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB" : "–";
}
