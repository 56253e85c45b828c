using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderHealthTests
{
    [Fact]
    public void Respond_NodeMarkedDown_VanishesFromNextAnswerAndComesBack()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(3));

        harness.Health.SetUp(TestCluster.NodeName(2), false);
        var down = harness.Ask(TestCluster.Transfer, TestQuery.A);
        harness.Health.SetUp(TestCluster.NodeName(2), true);
        var up = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(2, down.Addresses.Count);
        Assert.DoesNotContain(TestCluster.Address(2), down.Addresses);
        Assert.Contains(TestCluster.Address(2), up.Addresses);
        Assert.Equal(3, up.Addresses.Count);
    }

    [Fact]
    public void Respond_EveryQuery_ReadsHealthAgain()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        harness.Ask(TestCluster.Transfer, TestQuery.A);
        var before = harness.Health.Reads;
        harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(before + 2, harness.Health.Reads);
    }

    [Theory]
    [InlineData(OperatorIntent.Drained)]
    [InlineData(OperatorIntent.Maintenance)]
    [InlineData(OperatorIntent.Fenced)]
    [InlineData(OperatorIntent.Disabled)]
    public void Respond_NodeWithOperatorIntent_IsLeftOut(OperatorIntent intent)
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));
        harness.Topology.Update(t => t with { Nodes = [t.Nodes[0] with { Intent = intent }, t.Nodes[1]] });

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal([TestCluster.Address(2)], reply.Addresses);
    }

    [Fact]
    public void Respond_NoHealthyNodeFailOpen_AnswersAllConfiguredNodes()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(3));
        for (var i = 1; i <= 3; i++)
        {
            harness.Health.SetUp(TestCluster.NodeName(i), false);
        }

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(0, reply.RCode);
        Assert.Equal(3, reply.Addresses.Count);
    }

    [Fact]
    public void Respond_NoHealthyNodeFailOpen_LeavesOutFencedNodes()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));
        harness.Topology.Update(t => t with { Nodes = [t.Nodes[0] with { Intent = OperatorIntent.Fenced }, t.Nodes[1]] });
        harness.Health.SetUp(TestCluster.NodeName(2), false);

        Assert.Equal([TestCluster.Address(2)], harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses);
    }

    [Fact]
    public void Respond_NoHealthyNodeFailClosed_ReturnsServFail()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2), new DnsOptions { FailOpen = false });
        harness.Health.SetUp(TestCluster.NodeName(1), false);
        harness.Health.SetUp(TestCluster.NodeName(2), false);

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A);
        harness.Health.SetUp(TestCluster.NodeName(1), true);
        var recovered = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(2, reply.RCode);
        Assert.Empty(reply.Answers);
        Assert.Equal(0, recovered.RCode);
        Assert.Equal([TestCluster.Address(1)], recovered.Addresses);
    }

    [Fact]
    public void Respond_SingleAnswer_ReturnsNextAddressInRotation()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(3), new DnsOptions { SingleAnswer = true });

        var answers = Enumerable.Range(0, 6).Select(_ => harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses.Single()).ToList();

        Assert.Equal(3, answers.Distinct().Count());
        Assert.Equal(answers.Take(3), answers.Skip(3));
    }

    [Fact]
    public void Respond_Weights_FirstAddressFollowsWeights()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2, weight: i => i == 1 ? 3 : 1));

        var firsts = Enumerable.Range(0, 400).Select(_ => harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses[0]).ToList();

        Assert.Equal(300, firsts.Count(a => a.Equals(TestCluster.Address(1))));
        Assert.Equal(100, firsts.Count(a => a.Equals(TestCluster.Address(2))));
    }

    [Fact]
    public void Respond_WeightsOff_RotatesEvenly()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2, weight: i => i == 1 ? 3 : 1), new DnsOptions { UseWeights = false });

        var firsts = Enumerable.Range(0, 400).Select(_ => harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses[0]).ToList();

        Assert.Equal(200, firsts.Count(a => a.Equals(TestCluster.Address(1))));
    }
}
