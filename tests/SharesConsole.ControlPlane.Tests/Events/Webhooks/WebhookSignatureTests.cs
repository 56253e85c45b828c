using System.Security.Cryptography;
using System.Text;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Body = "{\"a\":1}";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly string Signed = WebhookSignature.Create("secret", SignedAt.ToUnixTimeSeconds(), Body);

    [Fact]
    public void Verify_SameSecretAndBody_True()
    {
        Assert.StartsWith("t=1700000000,v1=", Signed, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify("secret", Signed, Body, SignedAt));
    }

    [Fact]
    public void Verify_TamperedBodyTimeOrSecret_False()
    {
        Assert.False(WebhookSignature.Verify("secret", Signed, "{\"a\":2}", SignedAt));
        Assert.False(WebhookSignature.Verify("secret", Signed.Replace("t=1700000000", "t=1700000001", StringComparison.Ordinal), Body, SignedAt));
        Assert.False(WebhookSignature.Verify("secretx", Signed, Body, SignedAt));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("t=,v1=")]
    [InlineData("t=99999999999999999999,v1=00")]
    [InlineData("t=253402300800,v1=00")]
    [InlineData("t=1700000000,t=1700000000,v1=00")]
    public void Verify_MalformedHeader_FalseWithoutThrowing(string header) =>
        Assert.False(WebhookSignature.Verify("secret", header, Body, SignedAt));

    [Fact]
    public void Verify_OlderThanTheDefaultTolerance_False()
    {
        Assert.True(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void Verify_AheadByMoreThanTheDefaultTolerance_False()
    {
        Assert.True(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddMinutes(-5)));
        Assert.False(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddMinutes(-5).AddSeconds(-1)));
    }

    [Fact]
    public void Verify_ToleranceGiven_ReplacesTheDefault()
    {
        Assert.False(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddSeconds(31), TimeSpan.FromSeconds(30)));
        Assert.True(WebhookSignature.Verify("secret", Signed, Body, SignedAt.AddHours(1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Create_KnownVector_MatchesIndependentHmac()
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("k"));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("5.body")));

        Assert.Equal($"t=5,v1={expected}", WebhookSignature.Create("k", 5, "body"));
    }
}
