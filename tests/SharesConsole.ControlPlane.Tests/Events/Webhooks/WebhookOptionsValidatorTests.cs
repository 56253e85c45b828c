using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    private static IEnumerable<string> Errors(WebhookOptions options) =>
        new WebhookOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(Errors(new WebhookOptions()));

    [Fact]
    public void Validate_EverythingWrong_OneErrorPerKeyNamingIt()
    {
        var options = new WebhookOptions { RetryBaseSeconds = 0, MaxAttempts = 31, TimeoutSeconds = 121, PollIntervalMs = 10 };

        var errors = Errors(options).ToList();

        Assert.Equal(4, errors.Count);
        foreach (var key in new[] { "RetryBaseSeconds", "MaxAttempts", "TimeoutSeconds", "PollIntervalMs" })
        {
            Assert.Contains(errors, e => e.StartsWith($"Webhooks:{key} ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1, 1, 1, 50)]
    [InlineData(3600, 30, 120, 60_000)]
    public void Validate_Bounds_Accepted(int retryBaseSeconds, int maxAttempts, int timeoutSeconds, int pollIntervalMs) =>
        Assert.Empty(Errors(new WebhookOptions { RetryBaseSeconds = retryBaseSeconds, MaxAttempts = maxAttempts, TimeoutSeconds = timeoutSeconds, PollIntervalMs = pollIntervalMs }));

    [Fact]
    public void Validate_BadNetworksAndHosts_OneErrorEachNamingItsIndex()
    {
        var options = new WebhookOptions
        {
            AllowedNetworks = ["10.0.0.0/8", "127.0.0.1", "::1", "nonsense", "10.0.0.1/8", "10.0.0.0/33", "10", "0x7f.1"],
            AllowedHosts = ["hooks.internal", "bad host", "10.0.0.1"],
        };

        var errors = Errors(options).ToList();

        Assert.True(errors.Count == 7, string.Join(Environment.NewLine, errors));
        foreach (var key in new[] { "AllowedNetworks:3 ", "AllowedNetworks:4 ", "AllowedNetworks:5 ", "AllowedNetworks:6 ", "AllowedNetworks:7 ", "AllowedHosts:1 ", "AllowedHosts:2 " })
        {
            Assert.Contains(errors, e => e.StartsWith("Webhooks:" + key, StringComparison.Ordinal));
        }
    }
}
