using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace SharesConsole.Web.Hosting;

/// <summary>
/// Hangfire logs through one process-wide provider, which every host would set to its own logger factory: once that
/// host is disposed, the other hosts of the process (test hosts) fail to create loggers. This provider sends
/// Hangfire's logs to the newest host still alive instead; a host takes part while its <see cref="Link"/> lives.
/// </summary>
internal sealed class HangfireLogRouting : ILogProvider
{
    public static readonly HangfireLogRouting Instance = new();

    private readonly Lock _gate = new();
    private readonly List<ILoggerFactory> _factories = [];

    public ILog GetLogger(string name)
    {
        lock (_gate)
        {
            for (var i = _factories.Count - 1; i >= 0; i--)
            {
                try
                {
                    return new AspNetCoreLogProvider(_factories[i]).GetLogger(name);
                }
                catch (ObjectDisposedException)
                {
                    // Its host is going away; the next one down takes the message.
                }
            }
        }

        return Silent.Log;
    }

    /// <summary>One host's logger factory in the routing, from the host's start until its services are disposed.</summary>
    public sealed class Link : IDisposable
    {
        private readonly ILoggerFactory _factory;

        public Link(ILoggerFactory factory)
        {
            _factory = factory;
            lock (Instance._gate)
            {
                Instance._factories.Add(factory);
            }
        }

        public void Dispose()
        {
            lock (Instance._gate)
            {
                Instance._factories.Remove(_factory);
            }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Log = new();

        bool ILog.Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception) => false;
    }
}
