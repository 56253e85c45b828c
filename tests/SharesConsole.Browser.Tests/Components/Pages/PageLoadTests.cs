using SharesConsole.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SharesConsole.Browser.Tests.Components.Pages;

[Collection(LabBrowserCollection.Name)]
public sealed class PageLoadTests(LabConsoleFixture lab, ChromiumFixture chromium)
{
    [Theory]
    [InlineData("", "Overview", "overview")]
    [InlineData("nodes", "Nodes", "nodes")]
    [InlineData("edges", "Edges", "edges")]
    [InlineData("services", "Services", "services")]
    [InlineData("traffic", "Traffic", "traffic")]
    [InlineData("events", "Events", "events")]
    [InlineData("operations", "Operations", "operations")]
    [InlineData("settings", "Settings", "settings")]
    public async Task Page_OpenedAsAdmin_LoadsWithoutConsoleErrorAndIsCaptured(string path, string title, string name)
    {
        await lab.UntilAllHealthyAsync();
        await using var session = await ConsoleSession.StartAsync(chromium, lab);
        await session.SignInAsAdminAsync();

        await session.OpenAsync("/" + path);

        await Expect(session.Page.Locator("h5").First).ToHaveTextAsync(title);
        await Expect(session.Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^" + title));
        var file = await session.ScreenshotAsync(name);
        Assert.True(new FileInfo(file).Length > 0, file);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Overview_DarkTheme_ChangesBackgroundAndIsCaptured()
    {
        await using var session = await ConsoleSession.StartAsync(chromium, lab);
        await session.OpenAsync("/");
        var light = await session.Page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

        await session.Page.Locator("[data-testid=theme-toggle]").ClickAsync();

        await Expect(session.Page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.NotEqual(light, await session.Page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await session.ScreenshotAsync("overview-dark");
        session.AssertNoErrors();
    }
}
