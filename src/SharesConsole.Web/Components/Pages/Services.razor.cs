using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.Catalog;
using SharesConsole.Web.Components.Shared;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The live placement table; a service opens its probe history.</summary>
public sealed partial class Services
{
    [Inject]
    public required IDialogService Dialogs { get; init; }

    private async Task ShowDetailAsync(ServiceDefinition service)
    {
        var parameters = new DialogParameters<ServiceDetailDialog> { { d => d.Service, service } };
        await Dialogs.ShowAsync<ServiceDetailDialog>(service.Name, parameters, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
    }
}
