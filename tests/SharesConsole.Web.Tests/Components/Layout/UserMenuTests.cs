using Bunit;
using SharesConsole.Web.Components.Layout;

namespace SharesConsole.Web.Tests.Components.Layout;

public sealed class UserMenuTests : BunitTestBase
{
    [Fact]
    public void Render_SignedIn_NameAndSignOutHereOrEverywhere()
    {
        var menu = Context.Render<UserMenu>();

        Assert.Equal("alice", menu.Find("[data-testid=signed-in-as]").TextContent);
        Assert.Equal("/account/logout", menu.Find("[data-testid=sign-out-form]").GetAttribute("action"));
        Assert.Equal("post", menu.Find("[data-testid=sign-out-form]").GetAttribute("method"));
        Assert.Equal("/account/logout?everywhere=true", menu.Find("[data-testid=sign-out-everywhere-form]").GetAttribute("action"));
        Assert.Empty(menu.FindAll("[data-testid=sign-in]"));
    }

    [Fact]
    public void Render_AnonymousViewer_OffersTheSignIn()
    {
        Auth.SetNotAuthorized();

        var menu = Context.Render<UserMenu>();

        Assert.Equal("/account/login", menu.Find("[data-testid=sign-in]").GetAttribute("href"));
        Assert.Empty(menu.FindAll("[data-testid=sign-out-form]"));
    }
}
