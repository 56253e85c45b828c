using SharesConsole.Web.Transport;

namespace SharesConsole.Web.Tests.Transport;

public sealed class TransportOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new TransportOptionsValidator().Validate(null, new TransportOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_AddressesAndNetworks_Succeed()
    {
        var result = new TransportOptionsValidator().Validate(null, new TransportOptions { TrustedProxies = ["10.0.0.5", "10.1.0.0/16", "fd00::1", "fd00:1::/64"] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryValueBad_NamesEveryKey()
    {
        var options = new TransportOptions { TrustedProxies = ["10.0.0.5", "proxy.example", "10.0.0.0/33", ""], ForwardLimit = 0, HstsMaxAgeDays = 0 };

        var result = new TransportOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "Transport:TrustedProxies:1", "Transport:TrustedProxies:2", "Transport:TrustedProxies:3", "Transport:ForwardLimit", "Transport:HstsMaxAgeDays" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(result.Failures!, f => f.StartsWith("Transport:TrustedProxies:0", StringComparison.Ordinal));
    }
}
