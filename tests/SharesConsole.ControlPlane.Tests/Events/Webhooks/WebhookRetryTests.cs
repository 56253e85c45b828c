using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

public sealed class WebhookRetryTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly WebhookOptions Defaults = new();

    [Fact]
    public void Window_Defaults_IsEveryBackoffAddedUp()
    {
        Assert.Equal(TimeSpan.FromSeconds(15 * 511), WebhookRetry.Window(Defaults));
    }

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(9, 3840)]
    public void After_FailedAttemptOnTime_WaitsBaseTimesTwoToTheAttemptsBefore(int attempt, int seconds)
    {
        // Each attempt made when its backoff was due: base·(2^(n-1) - 1) after creation.
        var at = Created + TimeSpan.FromSeconds(15 * (Math.Pow(2, attempt - 1) - 1));

        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookRetry.After(attempt, Created, at, Defaults));
    }

    [Fact]
    public void After_LastAttempt_GivesUp()
    {
        Assert.Null(WebhookRetry.After(Defaults.MaxAttempts, Created, Created + TimeSpan.FromMinutes(1), Defaults));
    }

    [Fact]
    public void After_FirstAttemptOfADeliveryThatWaitedLongerThanTheWindow_GivesUp()
    {
        var late = Created + WebhookRetry.Window(Defaults);

        Assert.Null(WebhookRetry.After(1, Created, late, Defaults));
        Assert.Equal(TimeSpan.FromSeconds(15), WebhookRetry.After(1, Created, late - TimeSpan.FromSeconds(1), Defaults));
    }
}
