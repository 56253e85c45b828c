using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.State;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The audit log: filtered history plus live append of new events that match the filters.</summary>
public sealed partial class Events
{
    public const int MaxRows = 500;

    private static readonly (string Label, TimeSpan? Window)[] Windows =
    [
        ("Last 15 minutes", TimeSpan.FromMinutes(15)),
        ("Last hour", TimeSpan.FromHours(1)),
        ("Last 24 hours", TimeSpan.FromHours(24)),
        ("Last 7 days", TimeSpan.FromDays(7)),
        ("Everything", null),
    ];

    private List<ClusterEvent> _events = [];
    private string? _node;
    private string? _service;
    private string? _kind;
    private TimeSpan? _window = TimeSpan.FromHours(24);
    private long _newest = -1;

    [Inject]
    public required IEventHistory History { get; init; }

    [Inject]
    public required IClusterEventFeed Feed { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private EventQuery Query => new()
    {
        Node = _node,
        Service = _service,
        Kind = _kind,
        From = _window is { } w ? Time.GetUtcNow() - w : null,
        Limit = MaxRows,
    };

    protected override async Task OnInitializedAsync()
    {
        Watch(Feed.WatchAsync, Append);
        await ReloadAsync();
    }

    private bool Append(ClusterEvent e)
    {
        if (!Query.Matches(e) || _events.Any(x => x.Id == e.Id && x.Id != 0))
        {
            return false;
        }

        _events.Insert(0, e);
        _newest = e.Id;
        if (_events.Count > MaxRows)
        {
            _events.RemoveAt(_events.Count - 1);
        }

        return true;
    }

    private async Task ReloadAsync() => _events = [.. await History.QueryAsync(Query, Lifetime)];

    private Task SetNodeAsync(string? value)
    {
        _node = value;
        return ReloadAsync();
    }

    private Task SetServiceAsync(string? value)
    {
        _service = value;
        return ReloadAsync();
    }

    private Task SetKindAsync(string? value)
    {
        _kind = value;
        return ReloadAsync();
    }

    private Task SetWindowAsync(TimeSpan? value)
    {
        _window = value;
        return ReloadAsync();
    }

    private static Color SeverityColor(EventSeverity severity) => severity switch
    {
        EventSeverity.Error => Color.Error,
        EventSeverity.Warning => Color.Warning,
        _ => Color.Info,
    };
}
