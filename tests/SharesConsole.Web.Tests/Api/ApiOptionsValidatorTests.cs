using SharesConsole.Web.Api;

namespace SharesConsole.Web.Tests.Api;

public sealed class ApiOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new ApiOptionsValidator().Validate(null, new ApiOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryValueBad_NamesEveryKey()
    {
        var options = new ApiOptions
        {
            MaxBodyBytes = 10, RequestsPerMinute = 0, LoginsPerMinute = -1, RateLimitWindow = TimeSpan.Zero, MetricsAccess = "Everyone", ReferenceAccess = "",
        };

        var result = new ApiOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "Api:MaxBodyBytes", "Api:RequestsPerMinute", "Api:LoginsPerMinute", "Api:RateLimitWindow", "Api:MetricsAccess", "Api:ReferenceAccess" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
        }
    }
}
