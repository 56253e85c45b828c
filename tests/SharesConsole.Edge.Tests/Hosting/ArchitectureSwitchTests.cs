using System.Net.Sockets;
using System.Text;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Hosting;

public sealed class ArchitectureSwitchTests
{
    [Fact]
    public async Task Switch_WebOnlyThenRedirectAll_ClosesAndReopensTransferKeepingWebConnection()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2));
        var tcpBefore = edge.TcpEndpoint;
        using var web = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await web.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port).WaitAsync("a connection to the web listener");
        Assert.StartsWith("HTTP/1.1 200", await GetOnSameConnectionAsync(web));

        edge.SetArchitecture(ArchitectureType.WebOnly);

        Assert.False(edge.Transfer.IsOpen);
        Assert.Empty(edge.Transfer.UdpEndpoints);
        Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(tcpBefore.Address, tcpBefore.Port));

        Assert.StartsWith("HTTP/1.1 200", await GetOnSameConnectionAsync(web));

        edge.SetArchitecture(ArchitectureType.RedirectAll);

        Assert.True(edge.Transfer.IsOpen);
        var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, EdgeHarness.Vip);
        socket.Dispose();
        Assert.StartsWith("node-", node);
        Assert.StartsWith("HTTP/1.1 200", await GetOnSameConnectionAsync(web));
    }

    /// <summary>Sends one request and reads exactly one whole response (chunked or sized), so the next starts clean.</summary>
    private static async Task<string> GetOnSameConnectionAsync(Socket socket)
    {
        await Clients.SendAsync(socket, "GET /name HTTP/1.1\r\nHost: edge\r\n\r\n"u8.ToArray());
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!IsComplete(text.ToString()))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync("the response to GET /name on the kept web connection");
            Assert.NotEqual(0, read);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static bool IsComplete(string response)
    {
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return false;
        }

        var headers = response[..headerEnd];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = headers.Split("\r\n")
            .Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .First();
        return response.Length - headerEnd - 4 >= length;
    }
}
