using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.Web.Auth.ApiKeys;

namespace SharesConsole.Web.Tests.Auth.ApiKeys;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_KeyCarriesItsPrefixAndMatchesOnlyItsHash()
    {
        var (key, prefix) = ApiKeyFormat.Generate();
        var (other, _) = ApiKeyFormat.Generate();

        Assert.Equal(prefix, ApiKeyFormat.PrefixOf(key));
        Assert.True(ApiKeyFormat.Matches(key, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.Matches(other, ApiKeyFormat.Hash(key)));
        Assert.DoesNotContain(key, ApiKeyFormat.Hash(key), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sck_")]
    [InlineData("sck_ABCDEF12_secret")]
    [InlineData("xyz_abcdef12_secret")]
    [InlineData("sck_abcdef12-secret")]
    public void PrefixOf_MalformedKey_IsNull(string? key)
    {
        Assert.Null(ApiKeyFormat.PrefixOf(key));
    }

    [Fact]
    public void WebhookSignature_RoundTrips_AndRejectsTampering()
    {
        var header = WebhookSignature.Create("secret", 1_700_000_000, "{\"a\":1}");

        Assert.StartsWith("t=1700000000,v1=", header, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify("secret", header, "{\"a\":1}"));
        Assert.False(WebhookSignature.Verify("secret", header, "{\"a\":2}"));
        Assert.False(WebhookSignature.Verify("secret", header.Replace("t=1700000000", "t=1700000001", StringComparison.Ordinal), "{\"a\":1}"));
        Assert.False(WebhookSignature.Verify("secret", "garbage", "{\"a\":1}"));
    }

    [Fact]
    public void WebhookSignature_KnownVector_MatchesIndependentHmac()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes("k"));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes("5.body")));

        Assert.Equal($"t=5,v1={expected}", WebhookSignature.Create("k", 5, "body"));
    }
}
