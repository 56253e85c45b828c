using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Transfer.Datagrams;

/// <summary>
/// Batched datagram I/O for the relay: pooled <see cref="DatagramBatch"/>es, and the switch back to one datagram per
/// call (the <see cref="System.Net.Sockets.Socket"/> path) when batching is off, the OS is not Linux, or the system
/// calls fail as unsupported.
/// </summary>
internal sealed class DatagramBatches(int capacity, ILogger logger)
{
    public const int WouldBlock = 11;
    public const int NoBufferSpace = 105;
    public const int MessageTooLong = 90;
    private const int NotImplemented = 38;
    private const int NotSupported = 95;

    // A batch is held only while a loop drains a socket, synchronously: about one per busy thread.
    private readonly int _retain = Environment.ProcessorCount * 2 + 2;
    private readonly ConcurrentQueue<DatagramBatch> _free = new();
    private int _freeCount;
    private int _unavailable = capacity > 1 && OperatingSystem.IsLinux() ? 0 : 1;

    public bool IsEnabled => Volatile.Read(ref _unavailable) == 0;

    public int Capacity { get; } = capacity;

    public DatagramBatch Rent()
    {
        if (_free.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _freeCount);
            return batch;
        }

        return new DatagramBatch(Capacity);
    }

    public void Return(DatagramBatch batch)
    {
        if (Interlocked.Increment(ref _freeCount) <= _retain)
        {
            _free.Enqueue(batch);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    /// <summary>True when <paramref name="error"/> says the host lacks the system calls; batching is then off for good.</summary>
    public bool IsUnsupported(int error)
    {
        if (error is NotImplemented or NotSupported)
        {
            Disable(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error));
            return true;
        }

        return false;
    }

    /// <summary>Turns batching off (logged once), e.g. when libc has no recvmmsg.</summary>
    public void Disable(string reason)
    {
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            EdgeLog.UdpBatchingUnavailable(logger, reason);
        }
    }
}
