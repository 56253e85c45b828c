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
}
