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
}
