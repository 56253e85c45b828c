using System.Globalization;
using System.Runtime.CompilerServices;
using SharesConsole.Simulation.Tests.Loop;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>
/// What happened, line by line with the virtual time. Off in bulk runs (a line is then never even formatted); a
/// failing seed is run again with it on, which gives the same run.
/// </summary>
internal sealed class SimTrace(SimLoop loop, bool enabled)
{
    private readonly List<string> _lines = [];

    // SIM_TRACE_FILE: every line is also appended there as it is written, for a run that never returns.
    private readonly string? _file = enabled ? Environment.GetEnvironmentVariable("SIM_TRACE_FILE") : null;

    public bool Enabled { get; } = enabled;

    public IReadOnlyList<string> Lines => _lines;

    public void Add([InterpolatedStringHandlerArgument("")] ref TraceLine line)
    {
        if (line.Enabled)
        {
            _lines.Add(string.Create(CultureInfo.InvariantCulture, $"{loop.Elapsed.TotalSeconds,9:0.000}  {line.ToStringAndClear()}"));
            if (_file is not null)
            {
                File.AppendAllText(_file, _lines[^1] + "\n");
            }
        }
    }

    public IEnumerable<string> Tail(int count) => _lines.Skip(Math.Max(0, _lines.Count - count));
}

/// <summary>Formats a trace line only when the trace is on.</summary>
[InterpolatedStringHandler]
internal ref struct TraceLine
{
    private DefaultInterpolatedStringHandler _inner;

    public TraceLine(int literalLength, int formattedCount, SimTrace trace, out bool isEnabled)
    {
        Enabled = isEnabled = trace.Enabled;
        _inner = isEnabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
    }

    public bool Enabled { get; }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}
