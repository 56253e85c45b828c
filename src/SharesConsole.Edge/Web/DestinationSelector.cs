using System.Collections.Immutable;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Web;

/// <summary>Picks a web node by the configured policy, optionally skipping one that just failed.</summary>
public sealed class DestinationSelector(LoadBalancingPolicy policy)
{
    private int _next;

    public WebDestination? Select(ImmutableArray<WebDestination> pool, WebDestination? except = null)
    {
        var count = pool.Length;
        if (count == 0 || (count == 1 && ReferenceEquals(pool[0], except)))
        {
            return null;
        }

        return policy switch
        {
            LoadBalancingPolicy.RoundRobin => Turn(pool, except),
            LoadBalancingPolicy.Random => Skip(pool, Random.Shared.Next(count), except),
            LoadBalancingPolicy.PowerOfTwoChoices => TwoChoices(pool, except),
            _ => Least(pool, except),
        };
    }

    private WebDestination Turn(ImmutableArray<WebDestination> pool, WebDestination? except) =>
        Skip(pool, (int)((uint)Interlocked.Increment(ref _next) % (uint)pool.Length), except);

    private static WebDestination Skip(ImmutableArray<WebDestination> pool, int index, WebDestination? except) =>
        ReferenceEquals(pool[index], except) ? pool[(index + 1) % pool.Length] : pool[index];

    private WebDestination Least(ImmutableArray<WebDestination> pool, WebDestination? except)
    {
        // Start at a rotating index so ties spread instead of piling on the first node.
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)pool.Length);
        WebDestination? best = null;
        for (var i = 0; i < pool.Length; i++)
        {
            var candidate = pool[(start + i) % pool.Length];
            if (!ReferenceEquals(candidate, except) && (best is null || candidate.InFlight < best.InFlight))
            {
                best = candidate;
            }
        }

        return best!;
    }

    private static WebDestination TwoChoices(ImmutableArray<WebDestination> pool, WebDestination? except)
    {
        var a = Skip(pool, Random.Shared.Next(pool.Length), except);
        var b = Skip(pool, Random.Shared.Next(pool.Length), except);
        return b.InFlight < a.InFlight ? b : a;
    }
}
