using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Components.Shared;

/// <summary>Shows a new edge token once, with a copy button.</summary>
public sealed partial class EdgeTokenDialog
{
    private string? _copy;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public required EdgeTokenIssued Issued { get; set; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Issued.Token);
            _copy = "Copied to the clipboard.";
        }
        catch (JSException)
        {
            // The clipboard needs a secure context (https or localhost) and the user's permission.
            _copy = "The browser refused the clipboard: select the token and copy it by hand.";
        }
    }

    private void Close() => Dialog.Close(DialogResult.Ok(true));

    public static async Task ShowAsync(IDialogService dialogs, EdgeTokenIssued issued)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<EdgeTokenDialog> { { d => d.Issued, issued } };
        var title = issued.Enrolled ? $"Edge {issued.Name} enrolled" : $"New token for edge {issued.Name}";
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var reference = await dialogs.ShowAsync<EdgeTokenDialog>(title, parameters, options);
        await reference.Result;
    }
}
