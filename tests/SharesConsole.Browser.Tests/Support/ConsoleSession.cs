using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SharesConsole.Browser.Tests.Support;

/// <summary>One browser context on the lab console: a page, its console errors, optional admin sign-in.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    /// <summary>Generous on purpose: the whole suite shares two cores.</summary>
    public const float TimeoutMs = 90_000;

    private readonly ConcurrentQueue<string> _errors = new();

    private ConsoleSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("page error: " + error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught page errors seen so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public static async Task<ConsoleSession> StartAsync(ChromiumFixture chromium, LabConsoleFixture lab, int width = 1600, int height = 1000)
    {
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = lab.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(TimeoutMs);
        return new ConsoleSession(context, await context.NewPageAsync());
    }

    /// <summary>Signs in through the real login form as the configured admin.</summary>
    public async Task SignInAsAdminAsync()
    {
        await Page.GotoAsync("account/login");
        await Page.Locator("input[name=UserName]").FillAsync(LabConsoleFixture.AdminUser);
        await Page.Locator("input[name=Password]").FillAsync(LabConsoleFixture.AdminPassword);
        await Page.Locator("[data-testid=login-form] button[type=submit]").ClickAsync();
        try
        {
            // The page behind the sign-in counts as reached when its circuit is interactive, not at the document's load
            // event: twice in CI the console was signed in, styled and live while Playwright still waited for "load"
            // (the screenshot of the second time shows the overview updating), a wait this test does not need.
            await Page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
            await Page.Locator("[data-testid=circuit-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            // Say what the console answered instead (a message on the form, another page), with a screenshot.
            var shot = await ScreenshotAsync("sign-in-failed");
            var text = await Page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException($"Sign-in did not leave {Page.Url}; the page says: {text.Trim()} (screenshot {shot})", e);
        }
    }

    /// <summary>Opens a console page and waits until its circuit is interactive (prerendered HTML comes first).</summary>
    public async Task OpenAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.Locator("[data-testid=circuit-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Fails with every console error and page error the page reported.</summary>
    public void AssertNoErrors()
    {
        var errors = Errors;
        Assert.True(errors.Count == 0, $"{errors.Count} browser error(s):\n" + string.Join("\n", errors));
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ChromiumFixture.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
