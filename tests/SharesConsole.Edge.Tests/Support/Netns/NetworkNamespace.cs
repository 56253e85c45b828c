using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SharesConsole.Edge.Tests.Support.Netns;

/// <summary>
/// A network namespace this test run created (<c>ip netns add</c>), deleted on dispose. Sockets are made inside it
/// on a short-lived thread that enters it: a socket keeps its namespace for life, so the test then uses it from any
/// thread while the rest of the process stays in the host's namespace.
/// </summary>
internal sealed partial class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetworkNamespace Create(string name)
    {
        RunIp("netns", "add", name);
        return new NetworkNamespace(name);
    }

    /// <summary>Runs <c>ip -n NAME ...</c>; throws with ip's message when it fails.</summary>
    public void Ip(params string[] arguments) => RunIp(["-n", Name, .. arguments]);

    /// <summary>Runs a program inside the namespace (<c>ip netns exec</c>).</summary>
    public void Exec(params string[] arguments) => RunIp(["netns", "exec", Name, .. arguments]);

    public Socket Socket(SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{Name}");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"no socket in namespace {Name}", failure);
    }

    /// <summary>Names of namespaces whose creating process no longer runs (a crashed or killed test run).</summary>
    public static IEnumerable<string> Leftovers(string prefix)
    {
        if (!Directory.Exists("/run/netns"))
        {
            yield break;
        }

        foreach (var path in Directory.GetFiles("/run/netns", prefix + "*"))
        {
            var name = Path.GetFileName(path);
            var pid = name[prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !Directory.Exists($"/proc/{id}"))
            {
                yield return name;
            }
        }
    }

    public static void Delete(string name)
    {
        try
        {
            RunIp("netns", "del", name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose() => Delete(Name);

    public static void RunIp(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {error.Trim()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
