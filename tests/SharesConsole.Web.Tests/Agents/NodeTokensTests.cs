using SharesConsole.ControlPlane.Agents;

namespace SharesConsole.Web.Tests.Agents;

public sealed class NodeTokensTests
{
    [Fact]
    public async Task Validate_IssuedToken_OnlyThatNodeAndTokenPass()
    {
        var tokens = new InMemoryNodeTokenValidator();
        var token = tokens.Issue("node-a");

        Assert.True(await tokens.ValidateAsync("node-a", token, CancellationToken.None));
        Assert.True(await tokens.ValidateAsync("NODE-A", token, CancellationToken.None));
        Assert.False(await tokens.ValidateAsync("node-b", token, CancellationToken.None));
        Assert.False(await tokens.ValidateAsync("node-a", token + "x", CancellationToken.None));
        Assert.False(await tokens.ValidateAsync("node-a", "", CancellationToken.None));
        Assert.True(tokens.Revoke("node-a"));
        Assert.False(await tokens.ValidateAsync("node-a", token, CancellationToken.None));
    }

    [Fact]
    public void Hash_SameToken_SameHexAndNeverTheToken()
    {
        var token = NodeTokens.Generate();

        Assert.Equal(NodeTokens.Hash(token), NodeTokens.Hash(token));
        Assert.Equal(64, NodeTokens.Hash(token).Length);
        Assert.DoesNotContain(token, NodeTokens.Hash(token), StringComparison.Ordinal);
        Assert.NotEqual(NodeTokens.Generate(), token);
    }
}
