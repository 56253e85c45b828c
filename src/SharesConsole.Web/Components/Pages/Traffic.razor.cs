using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>Live traffic charts per node or protocol: five minutes at one point per second, one hour and 24 hours of minute rollups.</summary>
public sealed partial class Traffic
{
    private static readonly (string Label, TimeSpan Window)[] Windows =
    [
        ("5 min (live)", TimeSpan.FromMinutes(5)),
        ("1 hour", TimeSpan.FromHours(1)),
        ("24 hours", TimeSpan.FromHours(24)),
    ];

    private static readonly (TrafficMetric Metric, string Title)[] Charts =
    [
        (TrafficMetric.Requests, "Requests, connections and flows started per second"),
        (TrafficMetric.BytesIn, "Bytes per second in (clients → nodes)"),
        (TrafficMetric.BytesOut, "Bytes per second out (nodes → clients)"),
        (TrafficMetric.Connections, "Open connections"),
        (TrafficMetric.UdpFlows, "UDP flows"),
    ];

    private readonly TimeSeriesChartOptions _options = new()
    {
        TimeLabelFormat = "HH:mm:ss",
        TimeLabelSpacing = TimeSpan.FromMinutes(1),
        ShowDataMarkers = false,
        YAxisRequireZeroPoint = true,
        ShowLegend = true,
    };

    private Dictionary<TrafficMetric, List<ChartSeries<double>>> _series = [];
    private IReadOnlyList<TrafficSample> _samples = [];
    private IReadOnlyList<TrafficSample> _stored = [];
    private TrafficSample? _latest;
    private TimeSpan _window = TimeSpan.FromMinutes(5);
    private bool _byProtocol;
    private int _minutesSeen = -1;

    [Inject]
    public required TrafficMonitor Monitor { get; init; }

    [Inject]
    public required ITrafficHistory History { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private string WindowNote => _window <= TimeSpan.FromMinutes(5)
        ? "one point per second, moving live"
        : "one point per minute (averaged rates, peak gauges)";

    protected override void OnInitialized()
    {
        _latest = Monitor.Latest;
        Rebuild();
        Watch(Monitor.WatchAsync, sample =>
        {
            _latest = sample;
            if (_window > TimeSpan.FromMinutes(5) && Monitor.Minutes().Count == _minutesSeen)
            {
                return true;
            }

            Rebuild();
            return true;
        });
    }

    private async Task SetWindowAsync(TimeSpan window)
    {
        _window = window;
        if (window > TimeSpan.FromMinutes(5))
        {
            // The 1-hour and 24-hour windows start with the stored minutes, which survive a restart.
            var now = Time.GetUtcNow();
            _stored = await History.MinutesAsync(now - window, now + TimeSpan.FromMinutes(1), Lifetime);
        }

        Rebuild();
    }

    private void SetSplit(bool byProtocol)
    {
        _byProtocol = byProtocol;
        Rebuild();
    }

    private void Rebuild()
    {
        if (_window <= TimeSpan.FromMinutes(5))
        {
            _samples = Monitor.Seconds();
            _options.TimeLabelFormat = "HH:mm:ss";
            _options.TimeLabelSpacing = TimeSpan.FromMinutes(1);
        }
        else
        {
            var minutes = Monitor.Minutes();
            _minutesSeen = minutes.Count;
            _samples = TrafficMinutes.Merge(_stored, minutes, (int)_window.TotalMinutes);
            _options.TimeLabelFormat = "HH:mm";
            _options.TimeLabelSpacing = _window > TimeSpan.FromHours(1) ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(10);
        }

        _series = Charts.ToDictionary(c => c.Metric, c => TrafficSeries.Build(_samples, c.Metric, _byProtocol));
    }
}
