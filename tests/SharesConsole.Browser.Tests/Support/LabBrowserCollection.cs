
namespace SharesConsole.Browser.Tests.Support;

/// <summary>Every test shares one running lab console and one browser, and runs one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LabBrowserCollection : ICollectionFixture<LabConsoleFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "lab console in chromium";
}
