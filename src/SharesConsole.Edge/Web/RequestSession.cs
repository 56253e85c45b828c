using Microsoft.AspNetCore.Http;
using SharesConsole.Edge.Drain;

namespace SharesConsole.Edge.Web;

/// <summary>An in-flight request, closed by aborting it when its node's drain deadline passes.</summary>
internal sealed class RequestSession(HttpContext context) : IDrainable
{
    public void Close() => context.Abort();
}
