using System.Reflection;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Web.Tests.Hosting;

/// <summary>
/// Every <c>[LoggerMessage]</c> EventId is unique across the product's assemblies and lies in its project's range,
/// so an operator can filter logs by id and know which component spoke.
/// </summary>
public sealed class LogEventIdsTests
{
    /// <summary>The one table of ranges: a project's ids stay inside its own (the control plane's 6000s were the Web host's before it became a library).</summary>
    public static TheoryData<string, int, int> Ranges() => new()
    {
        { "SharesConsole.Agent", 100, 999 },
        { "SharesConsole.Lab", 2000, 2999 },
        { "SharesConsole.Edge", 3000, 4999 },
        { "SharesConsole.Web", 5000, 5999 },
        { "SharesConsole.ControlPlane", 6000, 6999 },
        { "SharesConsole.Web", 7000, 8999 },
        { "SharesConsole.Data", 9000, 9499 },
        { "SharesConsole.Core", 9500, 9999 },
    };

    [Fact]
    public void Ranges_DoNotOverlap()
    {
        var ranges = Ranges().Select(r => (Name: (string)r[0], First: (int)r[1], Last: (int)r[2])).OrderBy(r => r.First).ToList();

        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First, $"{pair.First.Name} and {pair.Second.Name} overlap"));
    }

    private static IEnumerable<(string Assembly, string Method, int Id)> EventIds()
    {
        foreach (var name in Ranges().Select(r => (string)r[0]).Distinct())
        {
            var assembly = Assembly.Load(name);
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                    {
                        yield return (name, $"{type.FullName}.{method.Name}", attribute.EventId);
                    }
                }
            }
        }
    }

    [Fact]
    public void EventIds_AcrossEveryAssembly_AreUnique()
    {
        var all = EventIds().ToList();
        var duplicates = all.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();

        Assert.True(all.Count > 50, $"only {all.Count} logger messages found; the scan is broken");
        Assert.True(duplicates.Count == 0, "EventIds used twice:\n" + string.Join("\n", duplicates));
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void EventIds_InARange_BelongToItsProject(string assembly, int first, int last)
    {
        var intruders = EventIds().Where(e => e.Assembly != assembly && e.Id >= first && e.Id <= last).Select(e => $"{e.Id} {e.Method}").ToList();

        Assert.True(intruders.Count == 0, $"{first}-{last} belongs to {assembly}:\n" + string.Join("\n", intruders));
    }

    [Fact]
    public void EventIds_EveryOne_LiesInARangeOfItsProject()
    {
        var ranges = Ranges().Select(r => (Name: (string)r[0], First: (int)r[1], Last: (int)r[2])).ToList();
        var outside = EventIds().Where(e => !ranges.Any(r => r.Name == e.Assembly && e.Id >= r.First && e.Id <= r.Last)).Select(e => $"{e.Assembly} {e.Id} {e.Method}").ToList();

        Assert.True(outside.Count == 0, "ids outside their project's ranges:\n" + string.Join("\n", outside));
    }
}
