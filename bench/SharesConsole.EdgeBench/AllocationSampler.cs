using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SharesConsole.EdgeBench;

/// <summary>
/// Samples what the process allocates (the runtime's GCAllocationTick event: one per ~100 KB allocated, naming the type
/// that crossed the mark) and prints the types by share at the end: where per-request allocation comes from, without a
/// profiler on the machine. On with <c>--Bench:SampleAllocations=true</c>; it costs a little, so not for measured runs.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, int> _samples = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    public void Start() => _enabled = true;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_enabled || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
        var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
        _samples.AddOrUpdate(type, 1, static (_, n) => n + 1);
    }

    public void Print(TextWriter output)
    {
        var total = _samples.Values.Sum();
        output.WriteLine($"allocation samples: {total} (about 100 KB each)");
        foreach (var (type, count) in _samples.OrderByDescending(p => p.Value).Take(25))
        {
            output.WriteLine($"  {100.0 * count / Math.Max(total, 1),5:F1} %  {count,6}  {type}");
        }
    }
}
