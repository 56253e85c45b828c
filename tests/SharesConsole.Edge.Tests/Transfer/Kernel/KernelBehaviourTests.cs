using SharesConsole.Edge.Configuration;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

/// <summary>The transfer behaviour on the kernel path, in network namespaces each test creates and deletes.</summary>
public sealed class KernelBehaviourTests : TransferBehaviour
{
    private protected override TransferPath Path => TransferPath.Kernel;
}
