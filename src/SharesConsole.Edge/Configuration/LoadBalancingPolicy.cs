namespace SharesConsole.Edge.Configuration;

/// <summary>How the web proxy picks a node for a request without affinity.</summary>
public enum LoadBalancingPolicy
{
    /// <summary>The node with the fewest requests in flight (ties broken in turn).</summary>
    LeastRequests,

    RoundRobin,

    /// <summary>Least requests of two nodes picked at random.</summary>
    PowerOfTwoChoices,

    Random,
}
