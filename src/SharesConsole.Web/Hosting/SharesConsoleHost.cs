using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Hosting;

/// <summary>Creates the host builder and runs the app, turning configuration errors into a clear message and exit code 2.</summary>
public static class SharesConsoleHost
{
    public const int ConfigurationErrorExitCode = 2;

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseStaticWebAssets();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) &&
            string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
        {
            builder.WebHost.UseUrls("http://localhost:5000");
        }

        return builder;
    }

    /// <summary>Builds and runs the control plane; a configuration error anywhere on the way exits with code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var builder = CreateBuilder(args);
            builder.AddSharesConsole();
            var app = builder.Build();
            app.UseSharesConsole();
            await app.RunAsync();
            return Environment.ExitCode;   // 3 when the instance lost the leadership and stopped itself (LeaderElection)
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("SharesConsole cannot start: invalid configuration.");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return ConfigurationErrorExitCode;
        }
    }
}
