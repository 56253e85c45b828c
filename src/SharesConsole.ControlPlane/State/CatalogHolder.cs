using SharesConsole.Core.Catalog;

namespace SharesConsole.ControlPlane.State;

/// <summary>The current service catalog; replaced as a whole when it is edited.</summary>
public sealed class CatalogHolder(ServiceCatalog initial)
{
    private ServiceCatalog _current = initial;

    public ServiceCatalog Current => Volatile.Read(ref _current);

    public event EventHandler<ServiceCatalog>? Changed;

    internal void Set(ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Interlocked.Exchange(ref _current, catalog);
        Changed?.Invoke(this, catalog);
    }
}
