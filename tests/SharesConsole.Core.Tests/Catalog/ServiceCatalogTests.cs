using SharesConsole.Core.Catalog;

namespace SharesConsole.Core.Tests.Catalog;

public sealed class ServiceCatalogTests
{
    [Fact]
    public void Default_HasTheSevenServicesInStartOrder()
    {
        var names = ServiceCatalog.Default.Services.Select(s => s.Name).ToArray();

        Assert.Equal(["nginx", "asperahttpd", "asperanoded", "mysqld", "crond", "stats-collector", "shares-background"], names);
    }

    [Fact]
    public void Default_ActivePassiveOrder_IsMysqldFirstAndReverseOnStop()
    {
        var start = ServiceCatalog.Default.ActivePassiveStartOrder.Select(s => s.Name).ToArray();
        var stop = ServiceCatalog.Default.ActivePassiveStopOrder.Select(s => s.Name).ToArray();

        Assert.Equal(["mysqld", "crond", "stats-collector", "shares-background"], start);
        Assert.Equal(start.Reverse(), stop);
    }

    [Fact]
    public void Default_Crond_IsActivePassiveWithTheDocumentedNote()
    {
        var crond = ServiceCatalog.Default.Find("CROND");

        Assert.NotNull(crond);
        Assert.Equal(ServiceKind.ActivePassive, crond.Kind);
        Assert.Contains("active/active", crond.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_Probes_FollowTheServiceTable()
    {
        var noded = ServiceCatalog.Default.Find("asperanoded")!;
        var mysqld = ServiceCatalog.Default.Find("mysqld")!;

        Assert.Equal((ProbeKind.HttpGet, 9092, 9091, "/ping", true), (noded.Probe.Kind, noded.Probe.Port, noded.Probe.FallbackPort, noded.Probe.Path, noded.Probe.ExpectEmptyBody));
        Assert.Equal((ProbeKind.TcpConnect, 3306), (mysqld.Probe.Kind, mysqld.Probe.Port));
        Assert.Equal(ProbeKind.ProcessAlive, mysqld.SecondaryProbe?.Kind);
    }

    [Fact]
    public void Create_Empty_ThrowsWithClearMessage()
    {
        var error = Assert.Throws<CatalogException>(() => ServiceCatalog.Create([]));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateNamesAndBadPort_ReportsEveryError()
    {
        ServiceDefinition[] services =
        [
            new() { Name = "web", Kind = ServiceKind.ActiveActive, StartOrder = 1, Probe = ProbeDefinition.Tcp(80) },
            new() { Name = "WEB", Kind = ServiceKind.ActiveActive, StartOrder = 2, Probe = ProbeDefinition.Tcp(70000) },
        ];

        var error = Assert.Throws<CatalogException>(() => ServiceCatalog.Create(services));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("defined 2 times", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("between 1 and 65535", StringComparison.Ordinal));
    }
}
