using Microsoft.Playwright;
using SharesConsole.Browser.Tests.Support;
using SharesConsole.Core.Cluster;
using static Microsoft.Playwright.Assertions;

namespace SharesConsole.Browser.Tests.Components.Pages;

[Collection(LabBrowserCollection.Name)]
public sealed class FailoverTests(LabConsoleFixture lab, ChromiumFixture chromium)
{
    // Records in the page what it showed, so a banner shorter than a polling interval is still seen.
    private const string WatchScript = """
        () => {
            window.__scMarker = crypto.randomUUID();
            window.__scSeen = { banner: null, down: false };
            const look = () => {
                const banner = document.querySelector('[data-testid=operation-banner]');
                if (banner && !window.__scSeen.banner) { window.__scSeen.banner = banner.innerText; }
            };
            new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            look();
            return window.__scMarker;
        }
        """;

    [Fact]
    public async Task Overview_ActiveNodeCrashed_TurnsRedShowsBannerThenNewActiveWithoutReload()
    {
        var before = await lab.UntilAllHealthyAsync();
        var crashed = before.Topology.ActiveNode!;
        var survivor = before.Nodes.Single(n => n.Name != crashed).Name;
        await using var session = await ConsoleSession.StartAsync(chromium, lab);
        await session.SignInAsAdminAsync();
        await session.OpenAsync("/");
        var page = session.Page;
        var crashedNode = page.Locator($"[data-testid=topology-node][data-node={crashed}]");
        var survivorNode = page.Locator($"[data-testid=topology-node][data-node={survivor}]");
        await Expect(crashedNode).ToHaveAttributeAsync("data-role", "active");
        await Expect(survivorNode).ToHaveAttributeAsync("data-verdict", "Healthy");
        var marker = await page.EvaluateAsync<string>(WatchScript);
        var url = page.Url;

        try
        {
            var crash = await page.APIRequest.PostAsync($"api/v1/lab/nodes/{crashed}/crash");
            Assert.Equal(202, crash.Status);

            await Expect(crashedNode).ToHaveAttributeAsync("data-verdict", nameof(NodeVerdict.Down));
            await Expect(crashedNode).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("sc-v-down"));
            await Expect(crashedNode.Locator("[data-testid=node-verdict]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-color-error"));
            await page.WaitForFunctionAsync("() => window.__scSeen.banner !== null", null, new PageWaitForFunctionOptions { Timeout = ConsoleSession.TimeoutMs });
            await Expect(survivorNode).ToHaveAttributeAsync("data-role", "active");
            await Expect(page.Locator("[data-testid=active-node]")).ToHaveTextAsync(survivor);
            await Expect(crashedNode).ToHaveAttributeAsync("data-role", "passive");
            await session.ScreenshotAsync("overview-after-failover");

            var banner = await page.EvaluateAsync<string>("() => window.__scSeen.banner");
            Assert.Contains("in progress", banner, StringComparison.Ordinal);
            Assert.Contains(survivor, banner, StringComparison.Ordinal);
            Assert.Equal(marker, await page.EvaluateAsync<string>("() => window.__scMarker"));
            Assert.Equal(url, page.Url);
            session.AssertNoErrors();
        }
        finally
        {
            var restore = await page.APIRequest.PostAsync($"api/v1/lab/nodes/{crashed}/restore");
            Assert.Equal(202, restore.Status);
            await lab.UntilAllHealthyAsync();
        }
    }
}
