using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Edge.Configuration;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Sessions;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Live;
using SharesConsole.Web.Tests.Components.Support;

namespace SharesConsole.Web.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor, a live cluster state publisher and event feed, fake commands and lab
/// control, real traffic monitor, probe history and edge registry, a fake list of enrolled edges, and test authorization (Operator by default).
/// Disposed through IAsyncLifetime (bUnit 2 + xunit 2).
/// </summary>
public abstract class BunitTestBase : IAsyncLifetime
{
    protected BunitTestBase()
    {
        // Live updates arrive on other threads; on a loaded machine the default second is too short to see them.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<IClusterTopologySource>(Topology);
        Context.Services.AddSingleton(Catalog);
        Context.Services.AddSingleton<IClusterStateSource>(State);
        Context.Services.AddSingleton<IClusterEventFeed>(Events);
        Context.Services.AddSingleton<IClusterCommands>(Commands);
        Context.Services.AddSingleton<ILabControl>(Lab);
        Context.Services.AddSingleton(Traffic);
        Context.Services.AddSingleton(Probes);
        Context.Services.AddSingleton<IEventHistory>(History);
        Context.Services.AddSingleton<IOperationHistory>(OperationHistory);
        Context.Services.AddSingleton<ITrafficHistory>(TrafficHistory);
        Context.Services.AddSingleton<TimeProvider>(Time);
        Context.Services.AddSingleton<SharesConsole.Web.Jobs.ISwitchoverSchedule>(Schedule);
        Context.Services.AddSingleton<ISessionValidator>(Sessions);
        Context.Services.AddSingleton(EdgeRegistry);
        Context.Services.AddSingleton(EdgeConfig);
        Context.Services.AddSingleton<IEdgeDirectory>(EdgeDirectory);
        Context.Services.AddSingleton<EdgeBoardSource>();
        Context.Services.AddSingleton(EdgeOptions);
        Auth = Context.AddAuthorization();
        Auth.SetAuthorized("alice");
        Auth.SetRoles(Roles.Operator);
        Popovers = Context.Render<MudPopoverProvider>();
    }

    /// <summary>Where MudSelect lists and menus render their items.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }

    protected BunitContext Context { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected InMemoryTopologySource Topology { get; } = new(LabDefaults.Topology);

    protected FakeSwitchoverSchedule Schedule { get; } = new();

    protected CatalogHolder Catalog { get; } = new(LabDefaults.Catalog);

    protected ClusterStatePublisher State { get; } = new(TestStates.Build());

    protected ClusterEventFeed Events { get; } = new();

    protected FakeClusterCommands Commands { get; } = new();

    protected FakeLabControl Lab { get; } = new();

    protected FakeSessions Sessions { get; } = new();

    protected FakeOperationHistory OperationHistory { get; } = new();

    protected FakeTrafficHistory TrafficHistory { get; } = new();

    protected FakeTimeProvider Time { get; } = new(TestStates.Now);

    protected FakeEdgeCounters Edge { get; } = new();

    /// <summary>Edge processes as the control plane sees them (filled directly by the tests).</summary>
    protected EdgeRegistry EdgeRegistry => _edgeRegistry ??= new EdgeRegistry(Time);

    private EdgeRegistry? _edgeRegistry;

    /// <summary>The configuration version the control plane wants every edge to run (never started: sends nothing).</summary>
    protected EdgeConfigPublisher EdgeConfig => _edgeConfig ??= new EdgeConfigPublisher(Topology, new NoHubContext<EdgeHub>());

    private EdgeConfigPublisher? _edgeConfig;

    protected FakeEdgeDirectory EdgeDirectory => _edgeDirectory ??= new FakeEdgeDirectory(Time);

    private FakeEdgeDirectory? _edgeDirectory;

    /// <summary>The edges run apart (the production layout); set <c>Embedded</c> before rendering for the lab's.</summary>
    protected IOptions<EdgeOptions> EdgeOptions { get; } = Options.Create(new EdgeOptions { Embedded = false });

    private TrafficMonitor? _traffic;

    protected TrafficMonitor Traffic => _traffic ??= new TrafficMonitor([Edge], Time);

    protected ProbeHistory Probes => _probes ??= new ProbeHistory(State);

    private ProbeHistory? _probes;

    protected RecentEvents History => _history ??= new RecentEvents(Events);

    private RecentEvents? _history;

    /// <summary>Renders the dialog host so dialogs opened by a page can be found and clicked.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogs() => Context.Render<MudDialogProvider>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        _traffic?.Dispose();
        _probes?.Dispose();
        _history?.Dispose();
        GC.SuppressFinalize(this);
    }
}
