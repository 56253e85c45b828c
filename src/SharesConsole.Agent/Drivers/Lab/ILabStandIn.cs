namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>One listener of a lab stand-in.</summary>
internal interface ILabStandIn
{
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Closes everything at once, as if the process died.</summary>
    void Abort();
}
