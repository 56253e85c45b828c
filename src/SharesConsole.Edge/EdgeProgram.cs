using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Hosting;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Edge;

/// <summary>
/// The <c>SharesConsole.Edge</c> executable: the edge (web, SSH, FASP, DNS) as its own process, configured by the control
/// plane. <c>SharesConsole.Edge keepalived ...</c> prints a keepalived configuration for the host instead.
/// </summary>
internal static class EdgeProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["keepalived", .. var rest])
        {
            return PrintKeepalived(rest, Console.Out, Console.Error);
        }

        EdgeRuntime.PreferInlineSocketCompletions();
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddJsonFile("/etc/sharesconsole/edge.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("SHARESCONSOLE_");
        builder.Services.AddSharesRemoteEdge(builder.Configuration);
        var management = builder.Configuration[$"{EdgeHostOptions.SectionName}:{nameof(EdgeHostOptions.ManagementUrl)}"] ?? new EdgeHostOptions().ManagementUrl;
        builder.WebHost.UseUrls(management);
        var app = builder.Build();
        MapManagement(app);
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM) while still starting: a clean stop, not a crash.
        }

        return 0;
    }

    /// <summary><c>/healthz</c>: 200 while the edge serves (keepalived's track script), 503 before; <c>/status</c>: the edge's report.</summary>
    internal static void MapManagement(WebApplication app)
    {
        app.MapGet("/healthz", (ControlPlaneClient client) => client.Serving
            ? Results.Text("serving\n")
            : Results.Text("not serving: no configuration yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/status", (ControlPlaneClient client, IOptions<EdgeHostOptions> options) =>
        {
            var report = client.BuildReport();
            return Results.Text(JsonSerializer.Serialize(new
            {
                name = options.Value.Name,
                controlPlane = client.ConnectedTo,
                report.Serving,
                report.ConfigVersion,
                report.FromSnapshot,
                report.HoldsVip,
                report.SoftwareVersion,
                report.StartedAt,
                report.Probes,
            }, TopologyJson.SerializerOptions), "application/json");
        });
    }

    internal static int PrintKeepalived(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? Value(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Count).Select(p => args[p.i + 1]).LastOrDefault();
        var unknown = args.Where((a, i) => a.StartsWith("--", StringComparison.Ordinal) && !KnownOptions.Contains(a)).ToList();
        if (unknown.Count > 0 || Value("--interface") is null || Value("--vip") is null)
        {
            error.WriteLine(unknown.Count > 0 ? $"unknown option {string.Join(", ", unknown)}" : "--interface and --vip are required");
            error.WriteLine("usage: SharesConsole.Edge keepalived --interface IF --vip ADDR/PREFIX [--priority 1-254] [--router-id 1-255]");
            error.WriteLine("         [--advert-int SECONDS] [--health-url URL] [--peer ADDR]... [--source ADDR] [--track-file PATH]");
            return 2;
        }

        var settings = new KeepalivedSettings
        {
            Interface = Value("--interface")!,
            Vip = Value("--vip")!,
            Priority = Number(Value("--priority"), 100),
            RouterId = Number(Value("--router-id"), 51),
            AdvertInterval = double.TryParse(Value("--advert-int"), NumberStyles.Float, CultureInfo.InvariantCulture, out var advert) ? advert : Value("--advert-int") is null ? 0.25 : -1,
            HealthUrl = Value("--health-url") ?? new KeepalivedSettings { Interface = "x", Vip = "x" }.HealthUrl,
            Peers = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--peer" && p.i + 1 < args.Count).Select(p => args[p.i + 1])],
            SourceAddress = Value("--source"),
            TrackFile = Value("--track-file"),
        };
        var errors = KeepalivedConfig.Validate(settings);
        if (errors.Count > 0)
        {
            foreach (var problem in errors)
            {
                error.WriteLine(problem);
            }

            return 2;
        }

        output.Write(KeepalivedConfig.Render(settings));
        return 0;
    }

    private static readonly HashSet<string> KnownOptions = ["--interface", "--vip", "--priority", "--router-id", "--advert-int", "--health-url", "--peer", "--source", "--track-file"];

    private static int Number(string? text, int fallback) =>
        text is null ? fallback : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
