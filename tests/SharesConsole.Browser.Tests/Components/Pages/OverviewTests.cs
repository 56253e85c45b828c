using SharesConsole.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SharesConsole.Browser.Tests.Components.Pages;

[Collection(LabBrowserCollection.Name)]
public sealed class OverviewTests(LabConsoleFixture lab, ChromiumFixture chromium)
{
    [Fact]
    public async Task Overview_LabRunning_ShowsBothNodesHealthyAndOneActive()
    {
        var state = await lab.UntilAllHealthyAsync();
        await using var session = await ConsoleSession.StartAsync(chromium, lab);

        await session.OpenAsync("/");

        var nodes = session.Page.Locator("[data-testid=topology-node]");
        await Expect(nodes).ToHaveCountAsync(2);
        foreach (var name in new[] { "node-a", "node-b" })
        {
            var node = session.Page.Locator($"[data-testid=topology-node][data-node={name}]");
            await Expect(node).ToHaveAttributeAsync("data-verdict", "Healthy");
            await Expect(node.Locator("[data-testid=node-verdict]")).ToHaveTextAsync("healthy");
        }

        await Expect(session.Page.Locator("[data-testid=topology-node][data-role=active]")).ToHaveAttributeAsync("data-node", state.Topology.ActiveNode!);
        await Expect(session.Page.Locator("[data-testid=active-node]")).ToHaveTextAsync(state.Topology.ActiveNode!);
        await Expect(session.Page.Locator("[data-testid=topology-vip]")).ToContainTextAsync("VIP " + LabConsoleFixture.Vip);
        await session.ScreenshotAsync("overview-healthy");
        session.AssertNoErrors();
    }
}
