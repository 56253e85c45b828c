using Bunit;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Lab;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class SettingsTests : BunitTestBase
{
    public SettingsTests() => Auth.SetRoles(Roles.Admin);

    [Fact]
    public void Render_LabSettings_ShowsValuesAndWorstCaseTimes()
    {
        var page = Context.Render<Settings>();

        Assert.Equal("127.0.0.20", page.Find("[data-field=Vip] input").GetAttribute("value"));
        Assert.Equal("3 s", page.Find("[data-testid=detection-time]").TextContent);
        Assert.Equal("13 s", page.Find("[data-testid=failover-time]").TextContent);
        Assert.Equal("8 s", page.Find("[data-testid=dns-switch-time]").TextContent);
        Assert.Equal("2 s", page.Find("[data-testid=fence-margin]").TextContent);
        Assert.Equal("3 in 600 s", page.Find("[data-testid=restart-budget]").TextContent);
        Assert.Equal("20 s", page.Find("[data-testid=start-verify]").TextContent);
        Assert.True(page.Find("[data-testid=save-settings]").HasAttribute("disabled"));
    }

    [Fact]
    public void TypeTtl_Zero_FieldErrorAndSaveDisabled()
    {
        var page = Context.Render<Settings>();

        page.Find("[data-field=DnsTtl] input").Input("0");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("out of range", page.Find("[data-field=DnsTtl] .mud-input-error").TextContent, StringComparison.Ordinal);
            Assert.True(page.Find("[data-testid=save-settings]").HasAttribute("disabled"));
            Assert.Single(page.FindAll("[data-testid=error-summary]"));
        });
    }

    [Fact]
    public void TypeVip_NotAnAddress_FieldError()
    {
        var page = Context.Render<Settings>();

        page.Find("[data-field=Vip] input").Input("300.1.1.1");

        page.WaitForAssertion(() => Assert.Contains("not an IP address", page.Find("[data-field=Vip] .mud-input-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void TypeInterval_TwoSeconds_TimesRecomputedLive()
    {
        var page = Context.Render<Settings>();

        page.Find("[data-field=\"HealthCheck.Interval\"] input").Input("2000");

        page.WaitForAssertion(() =>
        {
            Assert.Equal("6 s", page.Find("[data-testid=detection-time]").TextContent);
            Assert.Equal("16 s", page.Find("[data-testid=failover-time]").TextContent);
            Assert.False(page.Find("[data-testid=save-settings]").HasAttribute("disabled"));
        });
    }

    [Fact]
    public void Save_ValidChangeAsAdmin_SavesWholeRecordOnce()
    {
        var page = Context.Render<Settings>();
        page.Find("[data-field=DnsTtl] input").Input("9");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=save-settings]").HasAttribute("disabled")));

        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.Equal(["settings by alice"], Commands.Calls));
        Assert.Equal(LabDefaults.Settings with { DnsTtl = TimeSpan.FromSeconds(9) }, Commands.SavedSettings);
    }

    [Fact]
    public void Save_SignInEndedWhileThePageWasOpen_NothingSaved()
    {
        var snackbars = Context.Render<MudBlazor.MudSnackbarProvider>();
        var page = Context.Render<Settings>();
        page.Find("[data-field=DnsTtl] input").Input("9");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=save-settings]").HasAttribute("disabled")));

        Sessions.End("alice");
        page.Find("[data-testid=save-settings]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("needs the Admin role", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(Commands.Calls);
    }

    [Fact]
    public void Save_ServerRefusesField_ShowsItsMessageOnTheField()
    {
        Commands.SettingsAnswer = CommandResult.Invalid(new Dictionary<string, string[]> { ["WebFqdn"] = ["That name is taken."] });
        var page = Context.Render<Settings>();
        page.Find("[data-field=DnsTtl] input").Input("9");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=save-settings]").HasAttribute("disabled")));

        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.Contains("That name is taken.", page.Find("[data-field=WebFqdn] .mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.Null(Commands.SavedSettings);
    }

    [Fact]
    public void Render_Operator_CannotSaveEvenValidChange()
    {
        Auth.SetRoles(Roles.Operator);
        var page = Context.Render<Settings>();

        page.Find("[data-field=DnsTtl] input").Input("9");

        page.WaitForAssertion(() => Assert.Equal("12 s", page.Find("[data-testid=dns-switch-time]").TextContent));
        Assert.Single(page.FindAll("[data-testid=role-hint]"));
        Assert.True(page.Find("[data-testid=save-settings]").HasAttribute("disabled"));
    }

    [Fact]
    public void ChooseWebOnly_ExplainsWhatChanges()
    {
        var page = Context.Render<Settings>();
        Assert.Empty(page.FindAll("[data-testid=architecture-change]"));

        page.Find("input[data-testid=arch-webonly]").Click();

        page.WaitForAssertion(() => Assert.Contains("closes SSH", page.Find("[data-testid=architecture-change]").TextContent, StringComparison.Ordinal));
    }
}
