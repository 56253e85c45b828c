using System.Net;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

public sealed class WebhookTargetPolicyTests
{
    private static WebhookTargetPolicy Policy(string[]? networks = null, string[]? hosts = null) =>
        new(Options.Create(new WebhookOptions { AllowedNetworks = [.. networks ?? []], AllowedHosts = [.. hosts ?? []] }));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("168.63.129.16")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2001:db8::1")]
    public void Permits_NotPublicAndNothingAllowed_False(string address) =>
        Assert.False(Policy().Permits("receiver.example", IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("::ffff:8.8.8.8")]
    public void Permits_Public_True(string address) =>
        Assert.True(Policy().Permits("receiver.example", IPAddress.Parse(address)));

    [Fact]
    public void Permits_AllowedNetwork_OnlyThatNetwork()
    {
        var policy = Policy(["127.0.9.0/24", "fd12:3456::/32"]);

        Assert.True(policy.Permits("x", IPAddress.Parse("127.0.9.7")));
        Assert.True(policy.Permits("x", IPAddress.Parse("::ffff:127.0.9.7")));
        Assert.True(policy.Permits("x", IPAddress.Parse("fd12:3456::1")));
        Assert.False(policy.Permits("x", IPAddress.Parse("127.0.0.1")));
        Assert.False(policy.Permits("x", IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void Permits_AllowedHost_AnyAddressOfThatHostOnly()
    {
        var policy = Policy(hosts: ["hooks.internal"]);

        Assert.True(policy.Permits("HOOKS.internal.", IPAddress.Parse("10.0.0.5")));
        Assert.False(policy.Permits("other.internal", IPAddress.Parse("10.0.0.5")));
    }

    [Fact]
    public void LabTargets_LabOnNothingConfigured_AllowsLoopbackOnly()
    {
        var options = new WebhookOptions();
        new LabWebhookTargets(Options.Create(new LabOptions { Enabled = true })).PostConfigure(null, options);
        var policy = new WebhookTargetPolicy(Options.Create(options));

        Assert.True(policy.Permits("localhost", IPAddress.Loopback));
        Assert.True(policy.Permits("localhost", IPAddress.IPv6Loopback));
        Assert.False(policy.Permits("x", IPAddress.Parse("169.254.169.254")));
        Assert.False(policy.Permits("x", IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void LabTargets_LabOff_AddsNothing()
    {
        var options = new WebhookOptions();

        new LabWebhookTargets(Options.Create(new LabOptions { Enabled = false })).PostConfigure(null, options);

        Assert.Empty(options.AllowedNetworks);
        Assert.False(new WebhookTargetPolicy(Options.Create(options)).Permits("localhost", IPAddress.Loopback));
    }

    [Fact]
    public void LabTargets_LabOnWithNetworksConfigured_KeepsThem()
    {
        var options = new WebhookOptions { AllowedNetworks = ["127.0.9.0/24"] };

        new LabWebhookTargets(Options.Create(new LabOptions { Enabled = true })).PostConfigure(null, options);

        Assert.Equal(["127.0.9.0/24"], options.AllowedNetworks);
    }
}
