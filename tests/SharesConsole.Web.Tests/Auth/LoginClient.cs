using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Web.Tests.Auth;

/// <summary>
/// Drives the real login form (antiforgery token and cookie included) from a chosen client address, with
/// <paramref name="headers"/> on every request (a reverse proxy's <c>X-Forwarded-*</c>, say).
/// </summary>
public sealed partial class LoginClient(TestServer server, IPAddress address, IReadOnlyDictionary<string, string>? headers = null)
{
    public sealed record Result(int Status, string? Location, IReadOnlyList<string> Cookies, string Body)
    {
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    }

    public async Task<Result> GetAsync(string path, string? cookie = null)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            SetTarget(c, path);
            c.Connection.RemoteIpAddress = address;
            AddHeaders(c);
            if (cookie is not null)
            {
                c.Request.Headers.Cookie = cookie;
            }
        }).WaitAsync($"GET {path}");
        return await ReadAsync(context);
    }

    public async Task<Result> PostFormAsync(string formPath, string postPath, IReadOnlyDictionary<string, string> fields) =>
        await (await OpenFormAsync(formPath, postPath))(fields);

    /// <summary>
    /// Gets the form now and returns its post, to send later with that page's token and cookies (several clients can
    /// all hold a form before any of them posts, as people racing each other would).
    /// </summary>
    public async Task<Func<IReadOnlyDictionary<string, string>, Task<Result>>> OpenFormAsync(string formPath, string postPath)
    {
        var page = await GetAsync(formPath);
        var token = TokenPattern().Match(page.Body);
        if (!token.Success)
        {
            throw new InvalidOperationException("The form has no antiforgery token: " + page.Body);
        }

        var cookies = string.Join("; ", page.Cookies.Select(c => c.Split(';')[0]));
        return fields => PostAsync(postPath, fields, WebUtility.HtmlDecode(token.Groups[1].Value), cookies);
    }

    private async Task<Result> PostAsync(string postPath, IReadOnlyDictionary<string, string> fields, string token, string cookies)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        var body = string.Join('&', all.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            SetTarget(c, postPath);
            c.Connection.RemoteIpAddress = address;
            AddHeaders(c);
            c.Request.ContentType = "application/x-www-form-urlencoded";
            c.Request.Headers.Cookie = cookies;
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }).WaitAsync($"POST {postPath}");
        return await ReadAsync(context);
    }

    /// <summary>A post with any body and content type, as a script or a forged page would send it (no token added).</summary>
    public async Task<Result> PostRawAsync(string path, string contentType, string body, string? cookie = null)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            SetTarget(c, path);
            c.Connection.RemoteIpAddress = address;
            AddHeaders(c);
            c.Request.ContentType = contentType;
            if (cookie is not null)
            {
                c.Request.Headers.Cookie = cookie;
            }

            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }).WaitAsync($"POST {path}");
        return await ReadAsync(context);
    }

    public Task<Result> LoginAsync(string user, string password, string returnUrl = "/") =>
        PostFormAsync("/account/login", "/account/login", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password, ["ReturnUrl"] = returnUrl });

    /// <summary>The auth cookie ("name=value") from a successful login, or null.</summary>
    public static string? AuthCookie(Result result) =>
        result.Cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("sharesconsole.auth=", StringComparison.Ordinal));

    private void AddHeaders(HttpContext c)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            c.Request.Headers[name] = value;
        }
    }

    private static void SetTarget(HttpContext c, string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        c.Request.Path = q < 0 ? path : path[..q];
        c.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(path[q..]);
    }

    private static async Task<Result> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Response.Body);
        var body = await reader.ReadToEndAsync().WaitAsync($"the body of {context.Request.Path}");
        return new Result(context.Response.StatusCode, context.Response.Headers.Location.ToString(), [.. context.Response.Headers.SetCookie.Select(v => v ?? "")], body)
        {
            Headers = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
