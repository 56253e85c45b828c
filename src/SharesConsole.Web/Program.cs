using SharesConsole.Web.Hosting;

return await SharesConsoleHost.RunAsync(args);

/// <summary>Entry point; public so WebApplicationFactory can find it.</summary>
public partial class Program;
