namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>What follows a failed attempt: the next one after base·2^(n−1), or giving up.</summary>
public static class WebhookRetry
{
    /// <summary>How long a delivery is retried after it was created: every backoff added up (about 2 hours by default).</summary>
    public static TimeSpan Window(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TimeSpan.FromSeconds(options.RetryBaseSeconds * (Math.Pow(2, options.MaxAttempts - 1) - 1));
    }

    /// <summary>
    /// The wait before the next attempt, or null to give up: after the last attempt, or once the delivery is older than
    /// the retry window. A delivery that waited behind earlier ones of its webhook (a receiver down for hours) has used
    /// its window waiting, so the backlog is tried once each instead of for hours each.
    /// </summary>
    public static TimeSpan? After(int attempt, DateTimeOffset createdAt, DateTimeOffset now, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (attempt >= options.MaxAttempts || now - createdAt >= Window(options))
        {
            return null;
        }

        return TimeSpan.FromSeconds(options.RetryBaseSeconds * Math.Pow(2, attempt - 1));
    }
}
