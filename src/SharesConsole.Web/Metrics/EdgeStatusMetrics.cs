using Prometheus;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Metrics;

/// <summary>
/// The edge processes as this control plane sees them, one series per edge seen since it started: up, VIP holder,
/// configuration current, age of the last contact. An edge removed by the operator loses its series.
/// </summary>
internal sealed class EdgeStatusMetrics
{
    private readonly EdgeBoardSource _edges;
    private readonly Gauge _up, _holdsVip, _configCurrent, _lastContact;
    private readonly Lock _gate = new();
    private HashSet<string> _exported = [];

    public EdgeStatusMetrics(IMetricFactory factory, EdgeBoardSource edges)
    {
        _edges = edges;
        string[] edge = ["edge"];
        _up = factory.CreateGauge("sharesconsole_edge_up", "1 while the edge is connected, serving and reporting.", edge);
        _holdsVip = factory.CreateGauge("sharesconsole_edge_holds_vip", "1 while the edge is up and reports holding the VIP; more than one edge at 1 is a split VIP.", edge);
        _configCurrent = factory.CreateGauge("sharesconsole_edge_config_current", "1 when the edge runs the configuration version the control plane wants.", edge);
        _lastContact = factory.CreateGauge("sharesconsole_edge_last_contact_seconds", "Seconds since the edge's last message (connect or report) reached this control plane.", edge);
    }

    public void Refresh()
    {
        var board = _edges.Live();
        var names = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var e in board.Edges)
            {
                names.Add(e.Name);
                _up.WithLabels(e.Name).Set(e.Up ? 1 : 0);
                _holdsVip.WithLabels(e.Name).Set(e.HoldsVip ? 1 : 0);
                _configCurrent.WithLabels(e.Name).Set(e.ConfigCurrent ? 1 : 0);
                if (e.LastContact is { } contact)
                {
                    _lastContact.WithLabels(e.Name).Set(Math.Max(0, (board.At - contact).TotalSeconds));
                }
            }

            foreach (var gone in _exported.Where(n => !names.Contains(n)))
            {
                _up.RemoveLabelled(gone);
                _holdsVip.RemoveLabelled(gone);
                _configCurrent.RemoveLabelled(gone);
                _lastContact.RemoveLabelled(gone);
            }

            _exported = names;
        }
    }
}
