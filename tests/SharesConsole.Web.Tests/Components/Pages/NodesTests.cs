using Bunit;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class NodesTests : BunitTestBase
{
    [Fact]
    public void Render_LabCluster_ListsBothNodesWithRolesVerdictsAndMetrics()
    {
        var page = Context.Render<Nodes>();

        var rows = page.FindAll("[data-testid=nodes-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("node-a", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("active", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("passive", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("12 %", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("50.0 GB", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("nginx 1.5 ms", rows[1].TextContent, StringComparison.Ordinal);
        Assert.All(page.FindAll("[data-testid=verdict]"), v => Assert.Equal("Healthy", v.GetAttribute("data-verdict")));
    }

    [Fact]
    public void PublishState_PassiveStorageUnfit_ShowsStateLatencyFreeSpaceErrorAndRefusesTheSwitchover()
    {
        Auth.SetRoles(Roles.Operator);
        var page = Context.Render<Nodes>();
        var storage = new StorageHealth
        {
            Path = "/mnt/shares", Status = StorageStatus.ReadOnly, FitForActive = false, ConsecutiveFailures = 3,
            LatencyMs = 4.2, FreeBytes = 7_000_000_000, LastError = "/mnt/shares is read-only",
            DiskHeartbeatOk = false, DiskHeartbeatError = "no slot written for 9 s: the shared storage does not answer",
        };
        var state = TestStates.Build(version: 2);

        State.Publish(state with { Nodes = [.. state.Nodes.Select(n => n.Name == "node-b" ? n with { Storage = storage } : n)] });

        page.WaitForAssertion(() =>
        {
            var cells = page.FindAll("[data-testid=storage]");
            Assert.Equal(["none", "ReadOnly"], cells.Select(c => c.GetAttribute("data-storage")));
            Assert.Contains("read-only · unfit for active", cells[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("4.2 ms · 7.0 GB free", cells[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("/mnt/shares is read-only", page.Find("[data-testid=storage-error]").TextContent, StringComparison.Ordinal);
            Assert.Contains("disk heartbeat failing: no slot written for 9 s", page.Find("[data-testid=disk-heartbeat]").TextContent, StringComparison.Ordinal);
            Assert.True(page.Find("[data-testid=action-switchover-node-b]").HasAttribute("disabled"));
        });
    }

    [Fact]
    public void Render_Viewer_ActionsDisabledWithHint()
    {
        Auth.SetRoles(Roles.Viewer);
        var page = Context.Render<Nodes>();

        Assert.Single(page.FindAll("[data-testid=role-hint]"));
        Assert.True(page.Find("[data-testid=action-drain-node-b]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=action-maintenance-node-b]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=action-switchover-node-b]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public void Render_OperatorOrAdmin_ActionsEnabledButNotSwitchoverToActiveNode(string role)
    {
        Auth.SetRoles(role);
        var page = Context.Render<Nodes>();

        Assert.Empty(page.FindAll("[data-testid=role-hint]"));
        Assert.False(page.Find("[data-testid=action-drain-node-b]").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid=action-switchover-node-b]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=action-switchover-node-a]").HasAttribute("disabled"));
    }

    [Fact]
    public void Drain_Confirmed_SendsCommandWithActor()
    {
        var dialogs = RenderDialogs();
        var page = Context.Render<Nodes>();

        page.Find("[data-testid=action-drain-node-b]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Drain node-b?", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.Equal(["drain node-b True by alice"], Commands.Calls));
    }

    [Fact]
    public void Maintenance_Cancelled_SendsNothing()
    {
        var dialogs = RenderDialogs();
        var page = Context.Render<Nodes>();

        page.Find("[data-testid=action-maintenance-node-a]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("maintenance", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-cancel]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-dialog]")));

        // A confirmed action afterwards shows the page went on past the cancelled one: had that run, its call would come first.
        page.Find("[data-testid=action-drain-node-b]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-ok]").Click());
        page.WaitForAssertion(() => Assert.Equal(["drain node-b True by alice"], Commands.Calls));
    }

    [Fact]
    public void Drain_SignInEndedWhileThePageWasOpen_RefusedOnTheServerAndNothingSent()
    {
        var dialogs = RenderDialogs();
        var snackbars = Context.Render<MudBlazor.MudSnackbarProvider>();
        var page = Context.Render<Nodes>();
        page.Find("[data-testid=action-drain-node-b]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Drain node-b?", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));

        // The button was enabled when the page rendered; meanwhile an admin ended alice's sign-ins (or changed her role).
        Sessions.End("alice");
        dialogs.Find("[data-testid=confirm-ok]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("needs the Operator role", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(Commands.Calls);
    }

    [Fact]
    public void Render_OperatorInLab_CrashAndRestoreNeedAdminAsInTheApi()
    {
        Lab.IsLab = true;
        Auth.SetRoles(Roles.Operator);
        var page = Context.Render<Nodes>();

        Assert.True(page.Find("[data-testid=action-crash-node-a]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=action-restore-node-b]").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid=action-drain-node-b]").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_LabMode_CrashAndRestoreButtonsCallLabControl()
    {
        Lab.IsLab = true;
        Auth.SetRoles(Roles.Admin);
        var dialogs = RenderDialogs();
        var page = Context.Render<Nodes>();

        page.Find("[data-testid=action-crash-node-a]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-ok]").Click());

        page.WaitForAssertion(() => Assert.Equal(["crash node-a"], Lab.Calls));
        Assert.Single(page.FindAll("[data-testid=action-restore-node-b]"));
    }

    [Fact]
    public void Render_NotLab_NoChaosButtons()
    {
        var page = Context.Render<Nodes>();

        Assert.Empty(page.FindAll("[data-testid^=action-crash]"));
        Assert.Empty(page.FindAll("[data-testid^=action-restore]"));
    }

    [Fact]
    public void PublishState_NodeDrainedAndOtherDown_RowsFollowWithoutReload()
    {
        var page = Context.Render<Nodes>();

        var drained = LabDefaults.Topology with { Nodes = LabDefaults.Topology.Nodes.SetItem(1, LabDefaults.Topology.Nodes[1] with { Intent = OperatorIntent.Drained }) };
        State.Publish(TestStates.Build(version: 2, topology: drained, down: ["node-a"]));

        page.WaitForAssertion(() =>
        {
            var verdicts = page.FindAll("[data-testid=verdict]").Select(v => v.GetAttribute("data-verdict") ?? "").ToArray();
            Assert.Equal(["Down", "Draining"], verdicts);
            Assert.Equal("Undrain", page.Find("[data-testid=action-undrain-node-b]").TextContent.Trim());
        });
    }
}
