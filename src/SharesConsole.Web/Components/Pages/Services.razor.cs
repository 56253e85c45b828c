using Microsoft.AspNetCore.Components;
using SharesConsole.Core.Catalog;
using SharesConsole.Web.Cluster;

namespace SharesConsole.Web.Components.Pages;

public sealed partial class Services
{
    private ServiceCatalog _catalog = null!;

    [Inject]
    public required CatalogHolder CatalogHolder { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _catalog = CatalogHolder.Current;
    }
}
