namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>Webhook delivery (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Delay before the first retry; each next retry waits twice as long.</summary>
    public int RetryBaseSeconds { get; set; } = 15;

    /// <summary>Attempts in all; with the defaults the last one comes about 2 hours after the first.</summary>
    public int MaxAttempts { get; set; } = 10;

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How often the dispatcher looks for new events when none was published (a crash between storing and publishing).</summary>
    public int PollIntervalMs { get; set; } = 1000;

    /// <summary>How often undelivered deliveries whose job went missing (restart) are enqueued again.</summary>
    public string SweepCron { get; set; } = "* * * * *";

    /// <summary>
    /// Networks (CIDR, or one address) a webhook may reach although they are loopback, link-local, private, metadata or
    /// otherwise not public (<see cref="WebhookTargetPolicy"/>). Empty: only public addresses. The lab allows loopback.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Host names a webhook may reach whatever they resolve to (exact names, no wildcards).</summary>
    public List<string> AllowedHosts { get; set; } = [];
}
