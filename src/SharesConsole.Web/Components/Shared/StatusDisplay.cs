using MudBlazor;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Components.Shared;

/// <summary>One colour and one word per state, the same on every page.</summary>
public static class StatusDisplay
{
    public static Color Of(NodeVerdict verdict) => verdict switch
    {
        NodeVerdict.Healthy => Color.Success,
        NodeVerdict.Degraded => Color.Warning,
        NodeVerdict.Down or NodeVerdict.Fenced => Color.Error,
        NodeVerdict.Draining => Color.Info,
        _ => Color.Default,
    };

    /// <summary>CSS class suffix (<c>sc-v-healthy</c> ...) for the topology picture.</summary>
    public static string CssOf(NodeVerdict verdict) => "sc-v-" + verdict.ToString().ToLowerInvariant();

    public static Color Of(ObservedState state) => state switch
    {
        ObservedState.Running => Color.Success,
        ObservedState.Starting or ObservedState.Stopping => Color.Info,
        ObservedState.Failed => Color.Error,
        ObservedState.Stopped => Color.Default,
        _ => Color.Dark,
    };

    public static string Label(ObservedState state) => state.ToString().ToLowerInvariant();

    /// <summary>What the console shows for a service: unknown on a Down node, whose last report is stale.</summary>
    public static ObservedState Shown(NodeSnapshot node, string service)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Verdict == NodeVerdict.Down ? ObservedState.Unknown : node.StateOf(service);
    }

    /// <summary>Tooltip text: the shown state, and for a Down node the last state it reported.</summary>
    public static string Tooltip(NodeSnapshot node, string service)
    {
        ArgumentNullException.ThrowIfNull(node);
        var shown = $"{service}: {Label(Shown(node, service))}";
        return node.Verdict == NodeVerdict.Down ? $"{shown} (node down; last report: {Label(node.StateOf(service))})" : shown;
    }

    public static Color Of(EdgeState state) => state switch
    {
        EdgeState.Up => Color.Success,
        EdgeState.NotServing => Color.Warning,
        EdgeState.Down => Color.Error,
        _ => Color.Default,
    };

    public static string Label(EdgeState state) => state switch
    {
        EdgeState.Up => "Up",
        EdgeState.NotServing => "Not serving",
        EdgeState.Down => "Down",
        _ => "Never connected",
    };

    public static string Architecture(ArchitectureType type) =>
        type == ArchitectureType.RedirectAll ? "Type 1 · redirect all traffic" : "Type 2 · web only";

    public static string Duration(TimeSpan? value) => value switch
    {
        null => "–",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 2 } d => $"{d.TotalSeconds:0.0} s",
        { TotalHours: < 2 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d => $"{(int)d.Value.TotalHours} h {d.Value.Minutes} min",
    };

    public static string Bytes(double bytesPerSecond) => bytesPerSecond switch
    {
        >= 1e9 => $"{bytesPerSecond / 1e9:0.00} GB/s",
        >= 1e6 => $"{bytesPerSecond / 1e6:0.0} MB/s",
        >= 1e3 => $"{bytesPerSecond / 1e3:0.0} kB/s",
        _ => $"{bytesPerSecond:0} B/s",
    };
}
