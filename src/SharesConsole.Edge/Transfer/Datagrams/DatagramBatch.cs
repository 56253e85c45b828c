using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SharesConsole.Edge.Transfer.Datagrams;

/// <summary>
/// Up to <see cref="Capacity"/> datagrams moved by one <c>recvmmsg</c> or <c>sendmmsg</c> (Linux): the relay's only
/// unsafe code. Headers, addresses and data live in pinned arrays built once, so a call allocates nothing. Every slot
/// holds the largest UDP payload, so no datagram is ever truncated; a datagram touches only the pages it fills.
/// </summary>
internal sealed unsafe partial class DatagramBatch
{
    public const int SlotSize = 65536;

    // sockaddr_in6, which also holds a sockaddr_in.
    private const int AddressSize = 28;
    private const int DontWait = 0x40;
    private const int Interrupted = 4;

    private readonly MessageHeader[] _messages;
    private readonly IoVector[] _vectors;
    private readonly byte[] _addresses;
    private readonly byte[] _data;

    public DatagramBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _messages = GC.AllocateArray<MessageHeader>(capacity, pinned: true);
        _vectors = GC.AllocateArray<IoVector>(capacity, pinned: true);
        // One more address: the destination of a send to an unconnected socket.
        _addresses = GC.AllocateArray<byte>((capacity + 1) * AddressSize, pinned: true);
        _data = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        fixed (IoVector* vectors = _vectors)
        {
            for (var i = 0; i < capacity; i++)
            {
                _vectors[i].Base = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_data, i * SlotSize);
                _messages[i].Header.Vectors = vectors + i;
                _messages[i].Header.VectorCount = 1;
            }
        }
    }

    public int Capacity { get; }

    /// <summary>Bytes of datagram <paramref name="index"/> of the last receive.</summary>
    public int LengthOf(int index) => (int)_messages[index].Length;

    public Memory<byte> Datagram(int index) => _data.AsMemory(index * SlotSize, LengthOf(index));

    /// <summary>The sender of datagram <paramref name="index"/> as the OS's sockaddr, the layout of <see cref="System.Net.SocketAddress.Buffer"/>.</summary>
    public ReadOnlySpan<byte> SourceOf(int index) =>
        _addresses.AsSpan(index * AddressSize, Math.Min((int)_messages[index].Header.NameLength, AddressSize));

    /// <summary>
    /// Takes the datagrams waiting on <paramref name="socket"/>, without waiting: their count, or -1 with the errno
    /// (EAGAIN when none waits).
    /// </summary>
    public int Receive(SafeSocketHandle socket, out int error)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Length = SlotSize;
            ref var header = ref _messages[i].Header;
            header.Name = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, i * AddressSize);
            header.NameLength = AddressSize;
            header.Flags = 0;
        }

        return Call(socket, 0, Capacity, receive: true, out error);
    }

    /// <summary>
    /// Sends datagrams <paramref name="start"/>.. of the last receive, to <paramref name="destination"/> (a sockaddr)
    /// or, when it is empty, to the connected peer, without waiting: how many went, or -1 with the errno.
    /// </summary>
    public int Send(SafeSocketHandle socket, int start, int count, ReadOnlySpan<byte> destination, out int error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destination.Length, AddressSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start + (uint)count, (uint)Capacity);
        destination.CopyTo(_addresses.AsSpan(Capacity * AddressSize));
        var name = destination.IsEmpty ? null : (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, Capacity * AddressSize);
        for (var i = start; i < start + count; i++)
        {
            _vectors[i].Length = _messages[i].Length;
            ref var header = ref _messages[i].Header;
            header.Name = name;
            header.NameLength = (uint)destination.Length;
            header.Flags = 0;
        }

        return Call(socket, start, count, receive: false, out error);
    }

    private int Call(SafeSocketHandle socket, int start, int count, bool receive, out int error)
    {
        error = 0;
        if (count == 0)
        {
            return 0;
        }

        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            var fd = (int)socket.DangerousGetHandle();
            fixed (MessageHeader* messages = &_messages[start])
            {
                int result;
                do
                {
                    result = receive
                        ? RecvMMsg(fd, messages, (uint)count, DontWait, null)
                        : SendMMsg(fd, messages, (uint)count, DontWait);
                    error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                while (error == Interrupted);

                return result;
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMMsg(int fd, MessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMMsg(int fd, MessageHeader* messages, uint count, int flags);

    // struct iovec, struct msghdr and struct mmsghdr of Linux; nint and nuint follow the platform's word size.
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public Header Header;
        public uint Length;
    }
}
