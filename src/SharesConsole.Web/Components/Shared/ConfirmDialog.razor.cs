using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace SharesConsole.Web.Components.Shared;

/// <summary>Asks before an operator action; closes with true when confirmed.</summary>
public sealed partial class ConfirmDialog
{
    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public string Message { get; set; } = "";

    [Parameter]
    public string ConfirmText { get; set; } = "Confirm";

    [Parameter]
    public Color ConfirmColor { get; set; } = Color.Primary;

    [Parameter]
    public string? RequiredRole { get; set; }

    private void Confirm() => Dialog.Close(DialogResult.Ok(true));

    private void Cancel() => Dialog.Cancel();

    /// <summary>Shows the dialog and returns true when the user confirmed.</summary>
    public static async Task<bool> AskAsync(IDialogService dialogs, string title, string message, string confirmText, Color color, string? role)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.ConfirmColor, color },
            { d => d.RequiredRole, role },
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small });
        var result = await reference.Result;
        return result is { Canceled: false };
    }
}
