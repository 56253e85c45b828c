using System.Collections.Immutable;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Web;

namespace SharesConsole.Edge.Tests.Web;

public sealed class DestinationSelectorTests
{
    private static ImmutableArray<WebDestination> Pool(params string[] names) =>
        [.. names.Select(n => new WebDestination(n, $"http://{n}/", new NodeCounters(n, EdgeProtocol.Web)))];

    [Fact]
    public void Select_LeastRequests_PicksNodeWithFewestInFlight()
    {
        var pool = Pool("a", "b", "c");
        pool[0].Enter();
        pool[0].Enter();
        pool[2].Enter();
        var selector = new DestinationSelector(LoadBalancingPolicy.LeastRequests);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b", selector.Select(pool)!.Node));
    }

    [Theory]
    [InlineData(LoadBalancingPolicy.LeastRequests)]
    [InlineData(LoadBalancingPolicy.RoundRobin)]
    [InlineData(LoadBalancingPolicy.Random)]
    [InlineData(LoadBalancingPolicy.PowerOfTwoChoices)]
    public void Select_Except_NeverReturnsExcludedNode(LoadBalancingPolicy policy)
    {
        var pool = Pool("a", "b");
        var single = Pool("only");
        var selector = new DestinationSelector(policy);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("b", selector.Select(pool, except: pool[0])!.Node));
        Assert.Null(selector.Select(single, except: single[0]));
        Assert.Null(selector.Select([]));
    }

    [Fact]
    public void Select_RoundRobin_VisitsEveryNode()
    {
        var pool = Pool("a", "b", "c");
        var selector = new DestinationSelector(LoadBalancingPolicy.RoundRobin);

        var seen = Enumerable.Range(0, 6).Select(_ => selector.Select(pool)!.Node).ToHashSet();

        Assert.Equal(3, seen.Count);
    }
}
