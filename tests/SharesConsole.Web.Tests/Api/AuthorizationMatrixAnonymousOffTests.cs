using SharesConsole.Tests.Common.Files;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>The same matrix on a host with <c>Auth:AnonymousViewer</c> off: anonymous callers get 401 everywhere.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class AuthorizationMatrixAnonymousOffTests(AuthorizationMatrixAnonymousOffTests.Host host) : IClassFixture<AuthorizationMatrixAnonymousOffTests.Host>
{
    [Theory]
    [MemberData(nameof(AuthorizationMatrixTests.Endpoints), MemberType = typeof(AuthorizationMatrixTests))]
    public Task Endpoint_EveryCallerAnonymousOff_AllowedOrRefusedByRole(string method, string path, string minimumRole, int allowedStatus, string? body) =>
        AuthorizationMatrixTests.RunAsync(host.App, anonymousViewer: false, method, path, minimumRole, allowedStatus, body);

    /// <summary>One isolated control plane for the whole class.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();

        public IsolatedHost App { get; private set; } = null!;

        public Task InitializeAsync()
        {
            App = new IsolatedHost(_data.Path, new Dictionary<string, string> { ["Auth:AnonymousViewer"] = "false" });
            _ = App.Server;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            _data.Dispose();
        }
    }
}
