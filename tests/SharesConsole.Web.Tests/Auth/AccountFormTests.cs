using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>Form posts that fail the antiforgery check get the page again with 400 and a message, never a 5xx.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class AccountFormTests(ConsoleAppFixture app)
{
    private const string Form = "application/x-www-form-urlencoded";

    public static TheoryData<string, string> Forms() => new()
    {
        { "/account/login", "login-form" },
        { "/account/setup", "setup-done" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Post_PlainFormWithoutToken_Returns400WithThePageAndAMessage(string path, string pageMarker)
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(32));

        var result = await client.PostRawAsync(path, Form, $"UserName={ConsoleAppFixture.AdminUser}&Password={ConsoleAppFixture.AdminPassword}");

        Assert.Equal(400, result.Status);
        Assert.Contains($"data-testid=\"{pageMarker}\"", result.Body, StringComparison.Ordinal);
        Assert.Contains("<html", result.Body, StringComparison.Ordinal);
        Assert.Null(LoginClient.AuthCookie(result));
        if (path == "/account/login")
        {
            Assert.Contains("The form expired", result.Body, StringComparison.Ordinal);
            Assert.Contains("__RequestVerificationToken", result.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Login_StaleTokenWithRightPassword_Returns400AndSignsNobodyIn()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(31));
        var page = await client.GetAsync("/account/login");
        var cookies = string.Join("; ", page.Cookies.Select(c => c.Split(';')[0]));

        var result = await client.PostRawAsync(
            "/account/login",
            Form,
            $"UserName={ConsoleAppFixture.AdminUser}&Password={ConsoleAppFixture.AdminPassword}&__RequestVerificationToken=CfDJ8-not-a-token",
            cookies);

        Assert.Equal(400, result.Status);
        Assert.Contains("data-testid=\"login-error\"", result.Body, StringComparison.Ordinal);
        Assert.Contains("The form expired", result.Body, StringComparison.Ordinal);
        Assert.Null(LoginClient.AuthCookie(result));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/setup")]
    [InlineData("/account/logout")]
    [InlineData("/account/denied")]
    [InlineData("/")]
    [InlineData("/nodes")]
    [InlineData("/jobs")]
    public async Task Post_FormWithoutToken_AnyConsolePath_NeverAnswers5xx(string path)
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(34));

        var result = await client.PostRawAsync(path, Form, "UserName=x&Password=y");

        Assert.InRange(result.Status, 200, 499);
    }

    public static TheoryData<string, string, string> OddBodies() => new()
    {
        { "/account/login", "application/json", "{\"UserName\":\"x\"}" },
        { "/account/login", "text/plain", "UserName=x" },
        { "/account/login", Form, "" },
        { "/account/login", Form, "%%%=%%%&UserName" },
        { "/account/login", Form, "UserName=" + new string('a', 3_000_000) },
        { "/account/setup", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"UserName\"\r\n\r\nx\r\n--x--\r\n" },
        { "/account/setup", "multipart/form-data", "no boundary" },
        { "/account/setup", Form, "SetupCode=" + new string('%', 100) },
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public async Task Post_OddBody_AnswersA4xx(string path, string contentType, string body)
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(35));

        var result = await client.PostRawAsync(path, contentType, body);

        Assert.InRange(result.Status, 400, 499);
    }
}
