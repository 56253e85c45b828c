using System.Net;
using System.Net.Sockets;
using SharesConsole.Agent.Drivers;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Probes;

/// <summary>Runs a catalog probe against the node's own address.</summary>
public sealed class ServiceProber(HttpClient http, TimeProvider timeProvider)
{
    public async Task<ProbeOutcome> ProbeAsync(ProbeDefinition probe, IPAddress address, int? portOverride, DriverState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(state);
        var started = timeProvider.GetTimestamp();
        switch (probe.Kind)
        {
            case ProbeKind.ProcessAlive:
            case ProbeKind.SystemdActive:
                return state.State == ServiceRunState.Running
                    ? ProbeOutcome.Pass(Elapsed(started))
                    : ProbeOutcome.Fail(state.Detail ?? $"Service is {state.State}.");
        }

        var ports = portOverride is { } only ? [only] : new[] { probe.Port, probe.FallbackPort }.OfType<int>().ToArray();
        string? error = null;
        foreach (var port in ports)
        {
            using var timeout = new CancellationTokenSource(probe.Timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                error = probe.Kind == ProbeKind.HttpGet
                    ? await HttpAsync(probe, address, port, linked.Token).ConfigureAwait(false)
                    : await TcpAsync(address, port, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                error = $"{probe.Kind} {address}:{port} timed out after {probe.Timeout.TotalMilliseconds:0} ms.";
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
            {
                error = $"{probe.Kind} {address}:{port}: {e.Message}";
            }

            if (error is null)
            {
                return ProbeOutcome.Pass(Elapsed(started));
            }
        }

        return ProbeOutcome.Fail(error ?? "The probe has no port.", Elapsed(started));
    }

    private async Task<string?> HttpAsync(ProbeDefinition probe, IPAddress address, int port, CancellationToken cancellationToken)
    {
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var uri = new Uri($"{(probe.UseTls ? "https" : "http")}://{host}:{port}{probe.Path ?? "/"}");
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return $"GET {uri} answered {(int)response.StatusCode}.";
        }

        if (probe.ExpectEmptyBody)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return body.Length == 0 ? null : $"GET {uri} answered a {body.Length}-byte body; an empty body is expected.";
        }

        return null;
    }

    private static async Task<string?> TcpAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private double Elapsed(long started) => timeProvider.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>An HttpClient for probes: no proxy, node certificates are not validated (own node, often self-signed).</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
