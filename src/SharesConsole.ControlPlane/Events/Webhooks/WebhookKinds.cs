using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>Event kinds a webhook may subscribe to, plus the kind of a test send.</summary>
public static class WebhookKinds
{
    public const string Test = "webhook.test";

    /// <summary>Subscribable kinds: every audit event kind.</summary>
    public static IReadOnlyList<string> Subscribable => EventKinds.All;

    public static bool Matches(IReadOnlyCollection<string> subscribed, string kind) =>
        subscribed.Count == 0 || subscribed.Contains(kind, StringComparer.Ordinal);
}
