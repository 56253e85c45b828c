using System.Globalization;

namespace SharesConsole.Edge.Hosting;

/// <summary>Runtime settings of a process that hosts the edge alone (the edge executable, the benchmark runner).</summary>
public static class EdgeRuntime
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string EngineThreads = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// Socket completions run on the socket engine's own threads, event-loop style, instead of being queued to the thread
    /// pool, on half the cores (at least one): with the connection forwarder's inline scheduling, about 22 µs of CPU per
    /// proxied request instead of 34, and on two shared cores one loop keeps p99 at HAProxy's where two gave 30-60 ms
    /// (issue 17, docs/BENCHMARKS.md). Safe only where nothing blocks in a socket continuation, as in the edge; not for
    /// the console's process. Must run before the first socket is used; an operator's own settings win. With the web ports on
    /// the edge's own epoll loop (Edge:WebTransport), this still governs the SSH/FASP relay, accepts and the probes.
    /// </summary>
    public static void PreferInlineSocketCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
            if (Environment.GetEnvironmentVariable(EngineThreads) is null)
            {
                Environment.SetEnvironmentVariable(EngineThreads, Math.Max(1, Environment.ProcessorCount / 2).ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
