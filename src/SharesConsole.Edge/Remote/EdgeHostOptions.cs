namespace SharesConsole.Edge.Remote;

/// <summary>Settings of the edge executable (configuration section <c>EdgeHost</c>); the proxy's own settings stay under <c>Edge</c>.</summary>
public sealed class EdgeHostOptions
{
    public const string SectionName = "EdgeHost";

    /// <summary>This edge's name, as enrolled on the control plane (<c>POST /api/v1/edges/{name}/token</c>).</summary>
    public string Name { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Every control-plane instance; the edge stays connected to whichever answers, in this order of preference.</summary>
    public List<string> ControlPlaneUrls { get; set; } = [];

    /// <summary>The edge token issued by the control plane.</summary>
    public string Token { get; set; } = "";

    /// <summary>A file holding the token (instead of <see cref="Token"/>), e.g. a systemd credential.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The last configuration and pool health; the edge starts serving from it before the control plane answers.</summary>
    public string SnapshotPath { get; set; } = "/var/lib/sharesconsole-edge/snapshot.json";

    /// <summary>Where <c>/healthz</c> (200 while serving: keepalived's track script) and <c>/status</c> answer.</summary>
    public string ManagementUrl { get; set; } = "http://127.0.0.1:9180";

    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On a stop, the edge first answers <c>/healthz</c> with 503 and, while it holds the VIP, keeps serving up to this long
    /// until keepalived has moved the VIP away; only then it closes its listeners. 0 closes them at once.
    /// </summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A keepalived <c>track_file</c> (see <c>SharesConsole.Edge keepalived --track-file</c>): the edge writes 0 into it while
    /// it serves and 1 the moment it stops; the service manager writes 1 when the process dies (the systemd unit's
    /// <c>ExecStopPost</c>). keepalived reads it on every change, so the VIP leaves a dead edge at once instead of at the
    /// next health check. Empty: not used.
    /// </summary>
    public string? VrrpTrackFile { get; set; }

    /// <summary>How long a connect attempt to one control-plane URL may take before the next one is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
