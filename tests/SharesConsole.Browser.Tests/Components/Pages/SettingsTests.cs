using System.Net.Http.Json;
using SharesConsole.Browser.Tests.Support;
using SharesConsole.Web.Api.Models;
using static Microsoft.Playwright.Assertions;

namespace SharesConsole.Browser.Tests.Components.Pages;

[Collection(LabBrowserCollection.Name)]
public sealed class SettingsTests(LabConsoleFixture lab, ChromiumFixture chromium)
{
    [Theory]
    [InlineData("0")]
    [InlineData("90000")]
    public async Task Settings_BadTtlAsAdmin_ShowsMessageAndSavesNothing(string ttl)
    {
        using var api = new HttpClient { BaseAddress = lab.BaseUrl };
        var saved = await api.GetFromJsonAsync<SettingsDto>("api/v1/cluster/settings");
        await using var session = await ConsoleSession.StartAsync(chromium, lab);
        await session.SignInAsAdminAsync();
        await session.OpenAsync("settings");
        var page = session.Page;
        await Expect(page.Locator("[data-testid=save-settings]")).ToBeDisabledAsync();

        await page.Locator("[data-field=DnsTtl] input").FillAsync(ttl);
        await page.Locator("[data-field=DnsTtl] input").BlurAsync();

        await Expect(page.Locator("[data-testid=error-summary]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=DnsTtl] .mud-input-helper-text.mud-input-error")).ToContainTextAsync("out of range");
        await Expect(page.Locator("[data-testid=error-summary]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=save-settings]")).ToBeDisabledAsync();
        await session.ScreenshotAsync("settings-bad-ttl-" + ttl);
        await page.Locator("[data-testid=save-settings]").ClickAsync(new() { Force = true });

        // Reset goes through the same ordered event stream of the circuit after the forced click. Had that click
        // started a save, Save would have marked the form saving (or, once saved, clean) and Reset would be
        // disabled; Reset taking effect therefore proves no save started, instead of hoping one had not finished yet.
        await page.Locator("[data-testid=reset-settings]").ClickAsync();
        await Expect(page.Locator("[data-field=DnsTtl] input")).ToHaveValueAsync(saved!.DnsTtlSeconds!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-testid=error-summary]")).ToBeHiddenAsync();
        var after = await api.GetFromJsonAsync<SettingsDto>("api/v1/cluster/settings");
        Assert.Equal(saved, after);
        Assert.Equal(saved.DnsTtlSeconds, after!.DnsTtlSeconds);
        session.AssertNoErrors();
    }
}
