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
        Assert.DoesNotContain("track_file", text, StringComparison.Ordinal);
        Assert.Contains("file \"/run/sharesconsole-edge/vrrp\"", KeepalivedConfig.Render(new KeepalivedSettings { Interface = "eth1", Vip = "10.0.0.20/24", TrackFile = "/run/sharesconsole-edge/vrrp" }), StringComparison.Ordinal);
        Assert.Contains("nopreempt", text, StringComparison.Ordinal);
        Assert.Contains("vrrp_garp_lower_prio_repeat 3", text, StringComparison.Ordinal);
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

/// <summary>
/// The printed configuration as keepalived itself reads it (the Debian package, installed by tests/run.sh), in a private
/// network namespace with a veth interface of its own (keepalived refuses loopback for VRRP).
/// </summary>
public sealed class KeepalivedConfigCheckTests
{
    [Fact]
    public async Task Render_KeepalivedAcceptsIt()
    {
        using var directory = new SharesConsole.Tests.Common.Files.TempDirectory();
        var path = Path.Combine(directory.Path, "keepalived.conf");
        await File.WriteAllTextAsync(path, KeepalivedConfig.Render(new KeepalivedSettings
        {
            Interface = "sc0",
            Vip = "10.201.0.20/24",
            Peers = ["10.201.0.32"],
            SourceAddress = "10.201.0.31",
            TrackFile = Path.Combine(directory.Path, "vrrp"),
        }));

        var (code, output) = await CheckAsync(path);

        Assert.True(code == 0, $"keepalived -t exited {code}: {output}");
    }

    [Fact]
    public async Task Broken_KeepalivedRefusesIt()
    {
        using var directory = new SharesConsole.Tests.Common.Files.TempDirectory();
        var path = Path.Combine(directory.Path, "keepalived.conf");
        var text = KeepalivedConfig.Render(new KeepalivedSettings { Interface = "sc0", Vip = "10.201.0.20/24" });
        await File.WriteAllTextAsync(path, text.Replace("advert_int 0.25", "advert_int banana", StringComparison.Ordinal));

        var (code, output) = await CheckAsync(path);

        Assert.NotEqual(0, code);
        Assert.Contains("banana", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> CheckAsync(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--net", "sh", "-c", "ip link add sc0 type veth peer name sc1 && ip link set sc0 up && exec keepalived -t -f \"$0\"", path },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
