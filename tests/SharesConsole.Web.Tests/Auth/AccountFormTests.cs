using System.Net;
using System.Text;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>Form posts that fail the antiforgery check get the page again with 400 and a message, never a 5xx.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class AccountFormTests(ConsoleAppFixture app)
{
    public static TheoryData<string, string> Forms() => new()
    {
        { "/account/login", "login-form" },
        { "/account/setup", "setup-done" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Post_PlainFormWithoutToken_Returns400WithThePageAndAMessage(string path, string pageMarker)
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = ConsoleAppFixture.AdminUser,
            ["Password"] = ConsoleAppFixture.AdminPassword,
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"data-testid=\"{pageMarker}\"", body, StringComparison.Ordinal);
        Assert.Contains("<html", body, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sharesconsole.auth=", StringComparison.Ordinal)));
        if (path == "/account/login")
        {
            Assert.Contains("The form expired", body, StringComparison.Ordinal);
            Assert.Contains("__RequestVerificationToken", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Login_StaleTokenWithRightPassword_Returns400AndSignsNobodyIn()
    {
        var client = new LoginClient(app.Server, Loopback.Web.Address(31));
        var page = await client.GetAsync("/account/login");
        var cookies = string.Join("; ", page.Cookies.Select(c => c.Split(';')[0]));
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new StringContent(
                $"UserName={ConsoleAppFixture.AdminUser}&Password={ConsoleAppFixture.AdminPassword}&__RequestVerificationToken=CfDJ8-not-a-token",
                Encoding.UTF8,
                "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Cookie", cookies);

        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", body, StringComparison.Ordinal);
        Assert.Contains("The form expired", body, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("sharesconsole.auth=", StringComparison.Ordinal));
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
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));

        Assert.InRange((int)response.StatusCode, 200, 499);
    }
}
