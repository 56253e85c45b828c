using Microsoft.AspNetCore.SignalR.Client;

namespace SharesConsole.Agent.Connection;

/// <summary>0, 0.5, 1, 2, 4 s, then every 5 s, forever: an agent never gives up on its control plane.</summary>
internal sealed class ReconnectBackoff : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    public static TimeSpan Delay(long attempt) => attempt switch
    {
        0 => TimeSpan.Zero,
        < 5 => TimeSpan.FromMilliseconds(500 * (1 << (int)(attempt - 1))),
        _ => TimeSpan.FromSeconds(5),
    };
}
