using SharesConsole.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SharesConsole.Browser.Tests.Components;

[Collection(LabBrowserCollection.Name)]
public sealed class ReconnectTests(LabConsoleFixture lab, ChromiumFixture chromium)
{
    [Fact]
    public async Task ReconnectDialog_SessionRejected_ReloadButtonWorksUnderTheCsp()
    {
        await using var session = await ConsoleSession.StartAsync(chromium, lab);
        await session.OpenAsync("/");
        var page = session.Page;
        var marker = await page.EvaluateAsync<string>("() => window.__scMarker = crypto.randomUUID()");

        // The state Blazor puts the dialog in when the server no longer knows the circuit.
        await page.EvaluateAsync("() => document.getElementById('components-reconnect-modal').classList.add('components-reconnect-rejected')");
        var reload = page.Locator("[data-testid=reconnect] [data-reconnect-action=reload]");
        await Expect(reload).ToBeVisibleAsync();
        await session.ScreenshotAsync("reconnect-rejected");
        await reload.ClickAsync();

        await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await Expect(page.Locator("[data-testid=reconnect] [data-reconnect-action=reload]")).ToBeHiddenAsync();
        Assert.NotEqual(marker, await page.EvaluateAsync<string?>("() => window.__scMarker ?? null"));
        session.AssertNoErrors();
    }
}
