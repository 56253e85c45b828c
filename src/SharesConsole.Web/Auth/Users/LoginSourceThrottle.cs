using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Auth.Users;

/// <summary>
/// Failed sign-ins per source address (an IPv6 source by its /64): a source with <c>Auth:MaxFailedLoginsPerSource</c>
/// failures is refused until <c>Auth:LockoutMinutes</c> pass without a new one. It stops a single guessing or
/// lockout script before the account's own limit is reached, and leaves every other source alone. Attempts in
/// flight count, so parallel guesses from one source cannot pass the limit either. In memory, per process.
/// </summary>
public sealed class LoginSourceThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>Beyond this many sources, new ones go untracked (the account limit still holds) rather than filling memory.</summary>
    public const int MaxTrackedSources = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _sources = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>The key a client address counts under: IPv4 as is (also when mapped into IPv6), IPv6 by its /64.</summary>
    public static string SourceOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Takes an attempt for the source; false when its failures and attempts in flight reached the limit.</summary>
    public bool TryBegin(string source)
    {
        var now = time.GetUtcNow();
        var limit = options.Value.MaxFailedLoginsPerSource;
        while (true)
        {
            var known = _sources.TryGetValue(source, out var entry);
            if (!known || entry.ExpiresAt <= now)
            {
                var fresh = new Entry(1, now + Window, false);
                if (!known && !HasRoom(now))
                {
                    return true;
                }

                if (known ? _sources.TryUpdate(source, fresh, entry) : _sources.TryAdd(source, fresh))
                {
                    return true;
                }

                continue;
            }

            if (entry.Count >= limit)
            {
                return false;
            }

            if (_sources.TryUpdate(source, entry with { Count = entry.Count + 1 }, entry))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// The attempt was a wrong guess: it stays counted and the source's quiet period starts again. True for the one
    /// failure that made the source reach its limit (so it is logged once per block, not once per guess).
    /// </summary>
    public bool Failed(string source)
    {
        var expires = time.GetUtcNow() + Window;
        var limit = options.Value.MaxFailedLoginsPerSource;
        while (true)
        {
            if (!_sources.TryGetValue(source, out var entry))
            {
                if (_sources.TryAdd(source, new Entry(1, expires, 1 >= limit)))
                {
                    return 1 >= limit;
                }

                continue;
            }

            var blocks = !entry.Blocked && entry.Count >= limit;
            if (_sources.TryUpdate(source, entry with { ExpiresAt = expires, Blocked = entry.Blocked || blocks }, entry))
            {
                return blocks;
            }
        }
    }

    /// <summary>The attempt ended without a wrong guess (signed in, or refused unchecked): it no longer counts.</summary>
    public void Release(string source)
    {
        while (_sources.TryGetValue(source, out var entry))
        {
            var released = entry with { Count = entry.Count - 1 };
            if (released.Count <= 0 ? _sources.TryRemove(KeyValuePair.Create(source, entry)) : _sources.TryUpdate(source, released, entry))
            {
                return;
            }
        }
    }

    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    private bool HasRoom(DateTimeOffset now)
    {
        if (_sources.Count < MaxTrackedSources)
        {
            return true;
        }

        // A full table is swept at most once a second, so new sources cannot make every attempt scan it.
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + TimeSpan.TicksPerSecond, next) != next)
        {
            return false;
        }

        foreach (var (key, entry) in _sources)
        {
            if (entry.ExpiresAt <= now)
            {
                _sources.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return _sources.Count < MaxTrackedSources;
    }

    private readonly record struct Entry(int Count, DateTimeOffset ExpiresAt, bool Blocked);
}
