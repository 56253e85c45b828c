using System.Reflection;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Web.Tests.Hosting;

/// <summary>
/// Every <c>[LoggerMessage]</c> EventId is unique across the product's assemblies and lies in its project's range,
/// so an operator can filter logs by id and know which component spoke.
/// </summary>
public sealed class LogEventIdsTests
{
    /// <summary>The one table of ranges: a project's ids stay inside its own.</summary>
    public static TheoryData<string, int, int> Ranges() => new()
    {
        { "SharesConsole.Agent", 100, 999 },
        { "SharesConsole.Edge", 3000, 4999 },
        { "SharesConsole.Web", 5000, 8999 },
        { "SharesConsole.Data", 9000, 9499 },
        { "SharesConsole.Core", 9500, 9999 },
    };

    private static IEnumerable<(string Assembly, string Method, int Id)> EventIds()
    {
        foreach (var name in Ranges().Select(r => (string)r[0]))
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
    public void EventIds_OfAProject_LieInItsRange(string assembly, int first, int last)
    {
        var outside = EventIds().Where(e => e.Assembly == assembly && (e.Id < first || e.Id > last)).Select(e => $"{e.Id} {e.Method}").ToList();

        Assert.True(outside.Count == 0, $"{assembly} ids must lie in {first}-{last}:\n" + string.Join("\n", outside));
    }
}
