using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Web.Transport;

/// <summary>
/// One thread in <c>epoll_wait</c> for the sockets of the web port and their node connections. Level-triggered: a socket
/// is read only when the kernel says it has something, so no read ever comes back empty-handed (the runtime's socket
/// engine tries each read first and waits after <c>EAGAIN</c>: two extra system calls per proxied request). Everything a
/// socket's data sets off (parsing, the node's request, the client's response) runs on this thread, as HAProxy's loop does.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private readonly int _epoll;
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<ulong, LoopConnection> _connections = new();
    private readonly ILogger _logger;
    private long _next;
    private volatile bool _stopping;
    private volatile bool _closed;

    private EventLoop(int epoll, ILogger logger)
    {
        _epoll = epoll;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "Edge web loop" };
        _thread.Start();
    }

    /// <summary>The loop, or null where epoll is not there (the runtime's sockets serve then; logged by the caller).</summary>
    public static EventLoop? TryCreate(ILogger logger)
    {
        if (!LoopNative.Supported)
        {
            return null;
        }

        var epoll = LoopNative.EpollCreate(LoopNative.EpollCloexec);
        return epoll < 0 ? null : new EventLoop(epoll, logger);
    }

    /// <summary>Where the pipes of the loop's connections take their buffers.</summary>
    public MemoryPool<byte> Memory => MemoryPool<byte>.Shared;

    public ulong Add(LoopConnection connection, int fd, uint events)
    {
        var id = (ulong)Interlocked.Increment(ref _next);
        _connections[id] = connection;
        Control(LoopNative.EpollCtlAdd, fd, id, events);
        return id;
    }

    public void Change(int fd, ulong id, uint events) => Control(LoopNative.EpollCtlMod, fd, id, events);

    public void Remove(int fd, ulong id)
    {
        Control(LoopNative.EpollCtlDel, fd, id, 0);
        _connections.TryRemove(id, out _);
    }

    private void Control(int operation, int fd, ulong id, uint events)
    {
        if (_closed)
        {
            return; // a connection winding down after the loop stopped: its epoll is gone, and its number may be another file's
        }

        var change = new LoopNative.EpollEvent { Events = events, Data = id };
        if (LoopNative.EpollCtl(_epoll, operation, fd, &change) < 0 && operation != LoopNative.EpollCtlDel)
        {
            throw new IOException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private void Run()
    {
        var events = (LoopNative.EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(LoopNative.EpollEvent));
        try
        {
            while (!_stopping)
            {
                var count = LoopNative.EpollWait(_epoll, events, MaxEvents, 250);
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LoopNative.EINTR)
                    {
                        continue;
                    }

                    EdgeLog.WebLoopFailed(_logger, errno);
                    return;
                }

                for (var i = 0; i < count; i++)
                {
                    if (_connections.TryGetValue(events[i].Data, out var connection))
                    {
                        connection.OnEvents(events[i].Events);
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        foreach (var connection in _connections.Values)
        {
            connection.Abort(new Microsoft.AspNetCore.Connections.ConnectionAbortedException("The edge is stopping."));
        }

        _closed = true;
        LoopNative.Close(_epoll);
    }
}
