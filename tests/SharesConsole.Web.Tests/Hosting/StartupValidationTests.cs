using System.Diagnostics;

namespace SharesConsole.Web.Tests.Hosting;

/// <summary>Starts the real executable with bad configuration and checks it refuses to run.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Cluster__Vip", "not-an-ip", "Cluster:Vip 'not-an-ip' is not an IP address")]
    [InlineData("Cluster__DnsTtlSeconds", "0", "Cluster:DnsTtlSeconds 0 is out of range")]
    [InlineData("Hangfire__Storage", "Redis", "Hangfire:Storage 'Redis' is not valid")]
    public async Task Start_InvalidSetting_ExitsNonZeroNamingTheKey(string variable, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("sharesconsole-startup-");
        try
        {
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", "http://127.0.6.30:0"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = data.FullName,
            };
            foreach (var (k, v) in ConsoleAppFixture.Settings(data.FullName))
            {
                start.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
            }

            start.Environment["Lab__Enabled"] = "false";
            start.Environment[variable] = value;
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains(expected, await stderr, StringComparison.Ordinal);
            Assert.Contains("invalid configuration", await stderr, StringComparison.Ordinal);
            _ = await stdout;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
