using SharesConsole.Web.Hosting;

var builder = SharesConsoleHost.CreateBuilder(args);
builder.AddSharesConsole();

var app = builder.Build();
app.UseSharesConsole();

return await app.RunGuardedAsync();

/// <summary>Entry point; public so WebApplicationFactory can find it.</summary>
public partial class Program;
