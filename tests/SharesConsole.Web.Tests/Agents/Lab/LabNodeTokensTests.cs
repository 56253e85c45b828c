using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Lab;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Agents.Lab;

/// <summary>The lab's agent tokens over the real database-backed tokens of a host: kept across restarts, never taken from enrolled nodes.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class LabNodeTokensTests
{
    [Fact]
    public async Task GetAsync_LabAndEnrolledNodes_LabTokensKeptEnrolledNodesLeftAlone()
    {
        using var data = new TempDirectory();
        await using var host = new IsolatedHost(data.Path);
        var enrolledToken = await AgentTestClient.EnrollAsync(host, "lab-foreign-node", "127.0.9.48");
        var tokens = host.Services.GetRequiredService<DatabaseNodeTokens>();
        var lab = Options.Create(new LabOptions { Directory = Path.Combine(data.Path, "lab") });

        var first = await new LabNodeTokens(tokens, tokens, lab).GetAsync("node-a", CancellationToken.None);
        var afterRestart = await new LabNodeTokens(tokens, tokens, lab).GetAsync("node-a", CancellationToken.None);
        var firstValid = await tokens.ValidateAsync("node-a", first!, CancellationToken.None);
        var foreign = await new LabNodeTokens(tokens, tokens, lab).GetAsync("lab-foreign-node", CancellationToken.None);
        await tokens.IssueAsync("node-b", CancellationToken.None);
        var takenBack = await new LabNodeTokens(tokens, tokens, lab).GetAsync("node-b", CancellationToken.None);
        File.WriteAllText(Path.Combine(data.Path, "lab", "tokens", "node-a.token"), "stale");
        var reissued = await new LabNodeTokens(tokens, tokens, lab).GetAsync("node-a", CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, afterRestart);
        Assert.True(firstValid);
        Assert.Null(foreign);
        Assert.True(await tokens.ValidateAsync("lab-foreign-node", enrolledToken, CancellationToken.None));
        Assert.Null(takenBack);
        Assert.NotNull(reissued);
        Assert.NotEqual(first, reissued);
        Assert.True(await tokens.ValidateAsync("node-a", reissued!, CancellationToken.None));
        Assert.False(await tokens.ValidateAsync("node-a", first!, CancellationToken.None));
    }
}
