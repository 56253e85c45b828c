using SharesConsole.Edge.Configuration;

namespace SharesConsole.Edge.Tests.Transfer;

/// <summary>The transfer behaviour on the userspace relay, on reserved loopback addresses.</summary>
public sealed class RelayBehaviourTests : TransferBehaviour
{
    private protected override TransferPath Path => TransferPath.Relay;
}
