using SharesConsole.Edge.Remote;

namespace SharesConsole.Edge.Tests.Remote;

public sealed class KeepalivedConfigTests
{
    [Fact]
    public void Render_VrrpV3WithSubSecondAdvertsAndTheTrackScript()
    {
        var text = KeepalivedConfig.Render(new KeepalivedSettings
        {
            Interface = "eth1",
            Vip = "10.0.0.20/24",
            Priority = 150,
            RouterId = 42,
            AdvertInterval = 0.2,
            HealthUrl = "http://10.0.0.31:9180/healthz",
            Peers = ["10.0.0.32"],
            SourceAddress = "10.0.0.31",
        });

        Assert.Contains("vrrp_version 3", text, StringComparison.Ordinal);
        Assert.Contains("advert_int 0.20", text, StringComparison.Ordinal);
        Assert.Contains("priority 150", text, StringComparison.Ordinal);
        Assert.Contains("virtual_router_id 42", text, StringComparison.Ordinal);
        Assert.Contains("10.0.0.20/24 dev eth1", text, StringComparison.Ordinal);
        Assert.Contains("http://10.0.0.31:9180/healthz", text, StringComparison.Ordinal);
        Assert.Contains("unicast_src_ip 10.0.0.31", text, StringComparison.Ordinal);
        Assert.Contains("        10.0.0.32", text, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
    }

    [Fact]
    public void PrintKeepalived_BadArguments_Exit2WithEveryProblem()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = EdgeProgram.PrintKeepalived(["--interface", "eth0", "--vip", "10.0.0.20", "--priority", "300", "--advert-int", "0.123"], output, error);

        Assert.Equal(2, code);
        Assert.Empty(output.ToString());
        Assert.Contains("--vip", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--priority", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--advert-int", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PrintKeepalived_MissingOrUnknownOption_Usage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, EdgeProgram.PrintKeepalived(["--vip", "10.0.0.20/24"], output, error));
        Assert.Equal(2, EdgeProgram.PrintKeepalived(["--interface", "eth0", "--vip", "10.0.0.20/24", "--colour", "red"], output, error));
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--colour", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PrintKeepalived_Defaults_Renders()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, EdgeProgram.PrintKeepalived(["--interface", "eth0", "--vip", "10.0.0.20/24"], output, error));
        Assert.Contains("advert_int 0.25", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }
}
