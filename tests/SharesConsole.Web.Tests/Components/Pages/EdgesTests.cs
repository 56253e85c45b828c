using Bunit;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Tests.Components.Support;
using EdgesPage = SharesConsole.Web.Components.Pages.Edges;

namespace SharesConsole.Web.Tests.Components.Pages;

/// <summary>The Edges page over a real registry filled directly, the real configuration publisher and a fake enrolled list.</summary>
public sealed class EdgesTests : BunitTestBase
{
    private const string OldVersion = "0123456789abcdef";

    private EdgeRegistry Registry => EdgeRegistry;

    private EdgeConfigPublisher Publisher => EdgeConfig;

    private FakeEdgeDirectory Directory => EdgeDirectory;

    [Fact]
    public void Render_FourEdges_RowsShowStateVipConfigurationSnapshotContactAndProbes()
    {
        Directory.Enroll("edge-a", "edge-b", "edge-c", "edge-d");
        Connect("edge-a", Report() with { HoldsVip = true }, "10.0.0.11:40100");
        Connect("edge-b", Report() with { ConfigVersion = OldVersion, FromSnapshot = true });
        Connect("edge-d", Report() with { Serving = false });

        var page = Context.Render<EdgesPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=edges-table] tbody tr").Count));
        Assert.Equal(["Up", "Up", "NeverConnected", "NotServing"], page.FindAll("[data-testid=edge-state]").Select(c => c.GetAttribute("data-state")));
        Assert.Equal(["Up", "Up", "Never connected", "Not serving"], page.FindAll("[data-testid=state-chip]").Select(c => c.TextContent.Trim()));
        var rows = page.FindAll("[data-testid=edges-table] tbody tr");
        Assert.Single(rows[0].QuerySelectorAll("[data-testid=vip-mark]"));
        Assert.Single(page.FindAll("[data-testid=vip-mark]"));
        Assert.Contains("held by edge-a", page.Find("[data-testid=vip-summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains(Publisher.Current.Version, page.Find("[data-testid=wanted-version]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["true", "false", "false", "true"], page.FindAll("[data-testid=edge-config]").Select(c => c.GetAttribute("data-current")));
        Assert.Contains("current", rows[0].QuerySelector("[data-testid=edge-config]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OldVersion, rows[1].QuerySelector("[data-testid=edge-config] code")!.TextContent);
        Assert.Contains("behind", rows[1].QuerySelector("[data-testid=edge-config]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(rows[1].QuerySelectorAll("[data-testid=from-snapshot]"));
        Assert.Single(page.FindAll("[data-testid=from-snapshot]"));
        Assert.Equal("0 ms ago", rows[0].QuerySelector("[data-testid=last-contact]")!.TextContent.Trim());
        Assert.Equal("–", rows[2].QuerySelector("[data-testid=last-contact]")!.TextContent.Trim());
        Assert.Contains("10.0.0.11:40100", rows[0].QuerySelector("[data-testid=edge-remote]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("version 2.1.0 · started 60.0 s ago", rows[0].QuerySelector("[data-testid=edge-software]")!.TextContent.Trim());
        Assert.Equal(["node-a web up", "node-b web down"], rows[0].QuerySelectorAll("[data-testid=edge-probe]").Select(p => p.TextContent.Trim()));
        Assert.Equal(["true", "false"], rows[0].QuerySelectorAll("[data-testid=edge-probe]").Select(p => p.GetAttribute("data-up")));
        Assert.Empty(page.FindAll("[data-testid=edges-empty]"));
    }

    [Fact]
    public void Tick_TimePasses_LastContactAgesAndASilentEdgeTurnsDown()
    {
        Directory.Enroll("edge-a");
        Connect("edge-a", Report() with { HoldsVip = true });
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => Assert.Equal("0 ms ago", page.Find("[data-testid=last-contact]").TextContent.Trim()));

        Time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.Equal("3.0 s ago", page.Find("[data-testid=last-contact]").TextContent.Trim()));
        Assert.Equal("Up", page.Find("[data-testid=edge-state]").GetAttribute("data-state"));

        Time.Advance(EdgeRegistry.StaleAfter);

        page.WaitForAssertion(() => Assert.Equal("Down", page.Find("[data-testid=edge-state]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=vip-mark]"));
        Assert.Equal("No edge is up.", page.Find("[data-testid=vip-summary]").TextContent.Trim());
    }

    [Fact]
    public void Changed_EdgeConnectsAndDisconnects_RowFollowsWithoutWaitingForATickAndTheListIsReread()
    {
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=edges-empty]")));
        Directory.Enroll("edge-x");

        Registry.OnConnected("edge-x", "c1", "10.0.0.12:40000");

        page.WaitForAssertion(() => Assert.Equal("edge-x", page.Find("[data-testid=edge-name] b").TextContent));
        Assert.Equal(2, Directory.ListCalls);
        Assert.Empty(page.FindAll("[data-testid=not-enrolled]"));
        Assert.Equal("NotServing", page.Find("[data-testid=edge-state]").GetAttribute("data-state"));

        Registry.OnDisconnected("edge-x", "c1");

        page.WaitForAssertion(() => Assert.Equal("Down", page.Find("[data-testid=edge-state]").GetAttribute("data-state")));
        Assert.Equal(3, Directory.ListCalls);
    }

    [Fact]
    public void Tick_NothingChanges_EnrolledListReadOnlyEveryTenSeconds()
    {
        Directory.Enroll("edge-a");
        Connect("edge-a", Report());
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=edge-state]")));
        Assert.Equal(1, Directory.ListCalls);

        Time.Advance(EdgeBoardSource.EnrolledRefresh - TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("9.0 s ago", page.Find("[data-testid=last-contact]").TextContent.Trim()));
        Assert.Equal(1, Directory.ListCalls);

        Time.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal(2, Directory.ListCalls));
    }

    [Fact]
    public void Render_NoEdges_EmptyStateExplainsHowToAddOne()
    {
        var page = Context.Render<EdgesPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=edges-empty]")));
        var text = page.Find("[data-testid=edges-empty]").TextContent;
        Assert.Contains("POST /api/v1/edges/{name}/token", text, StringComparison.Ordinal);
        Assert.Contains("SharesConsole.Edge", text, StringComparison.Ordinal);
        Assert.Contains("EdgeHost__Token", text, StringComparison.Ordinal);
        Assert.Contains("Production deployment", text, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=edges-table]"));
        Assert.Empty(page.FindAll("[data-testid=vip-summary]"));
        Assert.Empty(page.FindAll("[data-testid=embedded-note]"));
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    public void Render_ViewerOrOperator_NoTokenOrRemoveButtons(string role)
    {
        Auth.SetRoles(role);
        Directory.Enroll("edge-a");
        Connect("edge-a", Report());

        var page = Context.Render<EdgesPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=edge-state]")));
        Assert.Empty(page.FindAll("[data-testid=new-token-edge-a]"));
        Assert.Empty(page.FindAll("[data-testid=remove-edge-a]"));
        Assert.Empty(page.FindAll("[data-testid=enroll-edge]"));
    }

    [Fact]
    public void Render_Admin_TokenAndRemoveButtonsOnEnrolledEdgesOnly()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a");
        Connect("edge-a", Report());
        Connect("edge-z", Report());

        var page = Context.Render<EdgesPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=edge-state]").Count));
        Assert.Single(page.FindAll("[data-testid=new-token-edge-a]"));
        Assert.Single(page.FindAll("[data-testid=remove-edge-a]"));
        Assert.Single(page.FindAll("[data-testid=new-token-edge-z]"));
        Assert.Empty(page.FindAll("[data-testid=remove-edge-z]"));
        Assert.Single(page.FindAll("[data-testid=not-enrolled]"));
        Assert.Single(page.FindAll("[data-testid=enroll-edge]"));
    }

    [Fact]
    public void NewToken_Confirmed_IssuedByTheAdminShownOnceWithRevokedWarningAndCopied()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a");
        var dialogs = RenderDialogs();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=new-token-edge-a]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Issue a new token for edge edge-a?", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));

        dialogs.Find("[data-testid=confirm-ok]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("token-edge-a-1", dialogs.Find("[data-testid=edge-token] input").GetAttribute("value")));
        Assert.Equal([("edge-a", "alice", "token-edge-a-1")], Directory.Issued);
        Assert.Contains("old token of edge-a is revoked", dialogs.Find("[data-testid=token-revoked]").TextContent, StringComparison.Ordinal);

        dialogs.Find("[data-testid=copy-token]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("Copied to the clipboard.", dialogs.Find("[data-testid=copy-result]").TextContent));
        Assert.Equal("token-edge-a-1", Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);
        dialogs.Find("[data-testid=token-done]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=edge-token-dialog]")));
    }

    [Fact]
    public void NewToken_Cancelled_IssuesNothing()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a");
        var dialogs = RenderDialogs();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=new-token-edge-a]").Click());

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-cancel]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-dialog]")));
        Assert.Empty(dialogs.FindAll("[data-testid=edge-token-dialog]"));
        Assert.Empty(Directory.Issued);
    }

    [Fact]
    public void Enroll_NewName_TokenShownWithoutRevokedWarningAndTheRowAppears()
    {
        Auth.SetRoles(Roles.Admin);
        var dialogs = RenderDialogs();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=new-edge-name] input").Input("Edge-N"));

        page.Find("[data-testid=enroll-edge]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("token-Edge-N-1", dialogs.Find("[data-testid=edge-token] input").GetAttribute("value")));
        Assert.Empty(dialogs.FindAll("[data-testid=token-revoked]"));
        page.WaitForAssertion(() => Assert.Equal("NeverConnected", page.Find("[data-testid=edge-state]").GetAttribute("data-state")));
    }

    [Fact]
    public void Enroll_NameAlreadyEnrolled_RefusedWithoutRevokingItsToken()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a");
        var snackbars = Context.Render<MudBlazor.MudSnackbarProvider>();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=edge-state]")));
        page.Find("[data-testid=new-edge-name] input").Input("EDGE-A");

        page.Find("[data-testid=enroll-edge]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("edge-a is enrolled already", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(Directory.Issued);
    }

    [Fact]
    public void Remove_Confirmed_RemovedByTheAdminAndTheRowGoes()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a", "edge-b");
        var dialogs = RenderDialogs();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=remove-edge-a]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Remove edge edge-a?", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));

        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.Equal(["edge-b"], page.FindAll("[data-testid=edge-name] b").Select(b => b.TextContent)));
        Assert.Equal([("edge-a", "alice")], Directory.Removed);
    }

    [Fact]
    public void Remove_SignInEndedWhileTheDialogWasOpen_NothingRemoved()
    {
        Auth.SetRoles(Roles.Admin);
        Directory.Enroll("edge-a");
        var dialogs = RenderDialogs();
        var snackbars = Context.Render<MudBlazor.MudSnackbarProvider>();
        var page = Context.Render<EdgesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=remove-edge-a]").Click());
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("[data-testid=confirm-ok]")));

        Sessions.End("alice");
        dialogs.Find("[data-testid=confirm-ok]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("need the Admin role", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(Directory.Removed);
    }

    [Fact]
    public void Render_TwoEdgesClaimTheVip_ErrorNamesBoth()
    {
        Directory.Enroll("edge-a", "edge-b");
        Connect("edge-a", Report() with { HoldsVip = true });
        Connect("edge-b", Report() with { HoldsVip = true });

        var page = Context.Render<EdgesPage>();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=vip-summary]").GetAttribute("data-holders")));
        Assert.Contains("2 edges report holding the VIP (edge-a, edge-b)", page.Find("[data-testid=vip-summary]").TextContent, StringComparison.Ordinal);
    }

    private EdgeReport Report() => new()
    {
        ConfigVersion = Publisher.Current.Version,
        Serving = true,
        SoftwareVersion = "2.1.0",
        StartedAt = Time.GetUtcNow() - TimeSpan.FromMinutes(1),
        Probes = [new EdgeProbeVerdict("node-a", PoolKind.Web, true), new EdgeProbeVerdict("node-b", PoolKind.Web, false)],
    };

    private void Connect(string edge, EdgeReport report, string remote = "10.0.0.10:40000")
    {
        Registry.OnConnected(edge, "connection-" + edge, remote);
        Registry.OnReport(edge, "connection-" + edge, report);
    }
}
