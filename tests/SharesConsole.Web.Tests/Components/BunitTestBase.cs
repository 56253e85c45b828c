using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Web.Cluster;

namespace SharesConsole.Web.Tests.Components;

/// <summary>A bUnit context with MudBlazor, the lab topology and catalog; disposed through IAsyncLifetime (bUnit 2 + xunit 2).</summary>
public abstract class BunitTestBase : IAsyncLifetime
{
    protected BunitTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<IClusterTopologySource>(Topology);
        Context.Services.AddSingleton(Catalog);
        Context.Render<MudPopoverProvider>();
    }

    protected BunitContext Context { get; } = new();

    protected InMemoryTopologySource Topology { get; } = new(LabDefaults.Topology);

    protected CatalogHolder Catalog { get; } = new(LabDefaults.Catalog);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
