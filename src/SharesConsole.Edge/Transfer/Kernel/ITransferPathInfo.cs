using SharesConsole.Edge.Configuration;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>Which path carries SSH and FASP in this edge, for the console and <c>/metrics</c>.</summary>
public interface ITransferPathInfo
{
    /// <summary><see cref="TransferPath.Kernel"/> or <see cref="TransferPath.Relay"/>; null until the edge started.</summary>
    TransferPath? Active { get; }

    /// <summary>Why this path was chosen.</summary>
    string Reason { get; }
}
