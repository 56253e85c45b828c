using System.Globalization;
using System.Text.RegularExpressions;

namespace SharesConsole.Web.Tests.Metrics;

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4): HELP/TYPE lines, samples with
/// escaped label values, float values; it throws on anything malformed, so a test fails loudly.
/// </summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                Require(NamePattern().IsMatch(parts[0]), lineNumber, line, "bad metric name");
                var family = families.TryGetValue(parts[0], out var f) ? f : families[parts[0]] = new Family(parts[0], "untyped", "", []);
                if (line[2] == 'T')
                {
                    Require(parts.Length == 2 && parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", lineNumber, line, "bad type");
                    Require(family.Samples.Count == 0, lineNumber, line, "TYPE after samples");
                    families[parts[0]] = family with { Type = parts[1] };
                }
                else
                {
                    families[parts[0]] = family with { Help = parts.Length == 2 ? parts[1] : "" };
                }

                continue;
            }

            Require(line[0] != '#', lineNumber, line, "unknown comment");
            var sample = ParseSample(line, lineNumber);
            var owner = families.Values.FirstOrDefault(f => f.Name == sample.Name) ??
                families.Values.FirstOrDefault(f => f.Type is "histogram" or "summary" &&
                    (sample.Name == f.Name + "_bucket" || sample.Name == f.Name + "_sum" || sample.Name == f.Name + "_count"));
            Require(owner is not null, lineNumber, line, "sample without a TYPE");
            owner!.Samples.Add(sample);
        }

        return families;
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var match = NamePrefix().Match(line);
        Require(match.Success, lineNumber, line, "bad sample name");
        var name = match.Value;
        var i = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                Require(eq > i, lineNumber, line, "bad label");
                var label = line[i..eq];
                Require(LabelPattern().IsMatch(label), lineNumber, line, "bad label name");
                Require(line[eq + 1] == '"', lineNumber, line, "unquoted label value");
                var value = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {lineNumber}: bad escape") });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                Require(labels.TryAdd(label, value.ToString()), lineNumber, line, "duplicate label");
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Require(i < line.Length && line[i] == ' ', lineNumber, line, "no value");
        var rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, lineNumber, line, "extra fields");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    private static void Require(bool ok, int line, string text, string what)
    {
        if (!ok)
        {
            throw new FormatException($"line {line}: {what}: {text}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex NamePrefix();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelPattern();
}
