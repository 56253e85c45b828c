using Microsoft.AspNetCore.SignalR;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>A hub context for services built in tests that never send (the edge configuration publisher, not started).</summary>
public sealed class NoHubContext<THub> : IHubContext<THub>
    where THub : Hub
{
    public IHubClients Clients => throw new NotSupportedException("This test sends nothing through the hub.");

    public IGroupManager Groups => throw new NotSupportedException("This test sends nothing through the hub.");
}
