using Microsoft.AspNetCore.Components;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Components.Live;
using SharesConsole.Web.Leadership;

namespace SharesConsole.Web.Components.Shared;

/// <summary>
/// Which control-plane instance leads, with its term and lease, and every instance's role and last announcement; one quiet
/// line for a single instance. Moves every second; the database behind it is read at most every two (<see cref="LeadershipBoard"/>).
/// </summary>
public sealed partial class ControlPlaneCard : LiveComponentBase
{
    private ControlPlaneStatus? _status;

    [Inject]
    public required LeadershipBoard Board { get; init; }

    protected override void OnInitialized() => Watch(Board.WatchAsync, status =>
    {
        _status = status;
        return true;
    });

    private static bool IsLeader(ControlPlaneInstanceView instance) => instance.Role == "Leader";

    private static string Remaining(ControlPlaneStatus status) => status.LeaseRemaining switch
    {
        null => "–",
        { } left when left <= TimeSpan.Zero => "expired",
        { } left => StatusDisplay.Duration(left),
    };

    private static IEnumerable<string> Warnings(ControlPlaneStatus status)
    {
        if (!status.LeaderKnown)
        {
            yield return status.LeaseRemaining is { } left
                ? $"No leader is known: the lease of {status.LeaderName} (term {status.Term}) ran out {StatusDisplay.Duration(-left)} ago."
                : "No leader is known: no instance has taken the lease yet.";
        }

        foreach (var silent in status.Silent)
        {
            yield return $"{silent.Name} has not announced itself for {StatusDisplay.Duration(silent.Age)}.";
        }

        if (status.Error is { } error)
        {
            var age = status.ReadAt is { } at ? $"as read {StatusDisplay.Duration(status.At - at)} ago" : "nothing read yet";
            yield return $"The lease could not be read from the database ({error}); shown {age}.";
        }
    }
}
