using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Metrics;

/// <summary>/metrics on the running host, read by a strict Prometheus text parser.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class MetricsEndpointTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task GetMetrics_RunningHost_ParsesAndDescribesNodesAndServices()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/metrics");
        var families = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal("gauge", families["sharesconsole_node_up"].Type);
        var nodes = families["sharesconsole_node_up"].Samples.Select(s => s.Labels["node"]).ToArray();
        Assert.Contains("node-a", nodes);
        Assert.Contains("node-b", nodes);
        var active = families["sharesconsole_node_active"].Samples;
        Assert.Equal(1, active.Sum(s => s.Value));
        var verdicts = families["sharesconsole_node_verdict"].Samples.Where(s => s.Labels["node"] == "node-a").ToArray();
        Assert.Equal(1, verdicts.Sum(s => s.Value));
        var services = families["sharesconsole_service_state"].Samples.Where(s => s.Labels["node"] == "node-a").Select(s => s.Labels["service"]).Distinct();
        Assert.Equal(7, services.Count());
        Assert.Single(families["sharesconsole_cluster_epoch"].Samples);
        Assert.True(families["sharesconsole_cluster_epoch"].Samples[0].Value >= 1);
        Assert.Equal("counter", families["sharesconsole_failovers_total"].Type);
        Assert.Equal("histogram", families["sharesconsole_failover_duration_seconds"].Type);
    }

    [Fact]
    public async Task GetMetrics_NoCredentials_IsReadable()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
