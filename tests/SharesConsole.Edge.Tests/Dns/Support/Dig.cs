using System.Diagnostics;
using System.Net;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>Runs <c>dig</c> (bind9-dnsutils, listed in tests/run.sh) against an endpoint and parses its output.</summary>
public static class Dig
{
    public sealed record Result(string Status, string Flags, IReadOnlyList<(string Name, int Ttl, string Type, string Data)> Answers, string Output);

    public static async Task<Result> RunAsync(IPEndPoint server, params string[] arguments)
    {
        var start = new ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true };
        // One generous try: a query sent again would advance the rotation twice and break the rotation assertions.
        foreach (var argument in new[] { "@" + server.Address, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+time=20", "+tries=1", "+norec" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var what = $"dig {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dig did not start");
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(what);
            await process.WaitForExitAsync().WaitAsync(what);
            return Parse(output);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Reads the status and flags of the header comment and the records of the ANSWER SECTION.</summary>
    public static Result Parse(string output)
    {
        var lines = output.Split('\n');
        var header = lines.FirstOrDefault(l => l.Contains("status:", StringComparison.Ordinal)) ?? "";
        var status = header.Split("status:").ElementAtOrDefault(1)?.Split(',')[0].Trim() ?? "";
        var flagsLine = lines.FirstOrDefault(l => l.StartsWith(";; flags:", StringComparison.Ordinal)) ?? "";
        var flags = flagsLine.Split(';', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(0)?.Replace(" flags:", "", StringComparison.Ordinal).Trim() ?? "";
        var answers = lines
            .SkipWhile(l => !l.StartsWith(";; ANSWER SECTION:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[3], f[4]))
            .ToList();
        return new Result(status, flags, answers, output);
    }
}
