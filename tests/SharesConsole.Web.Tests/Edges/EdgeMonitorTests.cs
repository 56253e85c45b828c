using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.State;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Tests.Edges;

/// <summary>The edge monitor's events: down, up after down, and VIP moves that hold for two looks.</summary>
public sealed class EdgeMonitorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly EdgeRegistry _registry;
    private readonly Recorder _events = new();
    private readonly EdgeMonitor _monitor;

    public EdgeMonitorTests()
    {
        _registry = new EdgeRegistry(_time);
        _monitor = new EdgeMonitor(_registry, _events, _time, NullLogger<EdgeMonitor>.Instance);
    }

    public void Dispose() => _monitor.Dispose();

    private void Report(string edge, bool holdsVip, string connection = "c") =>
        _registry.OnReport(edge, connection + edge, new EdgeReport { Serving = true, HoldsVip = holdsVip, ConfigVersion = "v1" });

    private async Task LookAsync(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            await _monitor.LookAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task VipMoves_OneEventNamingBothEdges_NothingForWhatWasFoundAtStart()
    {
        _registry.OnConnected("edge-1", "cedge-1", null);
        _registry.OnConnected("edge-2", "cedge-2", null);
        Report("edge-1", holdsVip: true);
        Report("edge-2", holdsVip: false);
        await LookAsync(2);
        Assert.Empty(_events.Kinds);

        Report("edge-1", holdsVip: false);
        await LookAsync();   // nobody holds it for one look: keepalived is handing over
        Report("edge-2", holdsVip: true);
        await LookAsync(2);

        var moved = Assert.Single(_events.Recorded);
        Assert.Equal(EventKinds.VipMoved, moved.Kind);
        Assert.Equal("The VIP moved from edge edge-1 to edge edge-2.", moved.Message);
    }

    [Fact]
    public async Task TwoEdgesClaimTheVip_ErrorEvent()
    {
        _registry.OnConnected("edge-1", "cedge-1", null);
        _registry.OnConnected("edge-2", "cedge-2", null);
        Report("edge-1", holdsVip: true);
        Report("edge-2", holdsVip: false);
        await LookAsync(2);

        Report("edge-2", holdsVip: true);
        await LookAsync(2);

        var both = Assert.Single(_events.Recorded);
        Assert.Equal((EventKinds.VipMoved, EventSeverity.Error), (both.Kind, both.Severity));
        Assert.Contains("More than one edge", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EdgeSilent_DownAfterFiveSeconds_UpWhenItReportsAgain()
    {
        _registry.OnConnected("edge-1", "cedge-1", null);
        Report("edge-1", holdsVip: true);
        await LookAsync(2);

        _time.Advance(TimeSpan.FromSeconds(5));
        await LookAsync();
        Assert.Empty(_events.Kinds);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await LookAsync();
        Report("edge-1", holdsVip: true);
        await LookAsync();

        Assert.Equal([EventKinds.EdgeDown, EventKinds.EdgeUp], _events.Kinds.Where(k => k != EventKinds.VipMoved));
        Assert.Contains("has not reported for 5 s", _events.Recorded[0].Message, StringComparison.Ordinal);
    }

    private sealed class Recorder : IEventRecorder
    {
        public List<(string Kind, string Message, EventSeverity Severity)> Recorded { get; } = [];

        public IEnumerable<string> Kinds => Recorded.Select(r => r.Kind);

        public Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default)
        {
            Recorded.Add((kind, message, severity));
            return Task.FromResult(new ClusterEvent { Kind = kind, Message = message, Severity = severity, Time = DateTimeOffset.UnixEpoch });
        }
    }
}
