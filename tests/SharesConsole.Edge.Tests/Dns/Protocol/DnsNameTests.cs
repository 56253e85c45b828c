using SharesConsole.Edge.Dns.Protocol;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Protocol;

public sealed class DnsNameTests
{
    private static byte[] Message(params byte[][] parts) => [.. new byte[12], .. parts.SelectMany(p => p)];

    private static (bool Ok, string Name, int Next) Read(byte[] message, int offset)
    {
        var buffer = new byte[DnsName.MaxLength];
        var ok = DnsName.TryRead(message, offset, buffer, out var length, out var next);
        return (ok, ok ? DnsName.ToText(buffer.AsSpan(0, length)) : "", next);
    }

    [Fact]
    public void TryRead_PlainName_ReturnsNameAndNextOffset()
    {
        var message = Message(TestQuery.EncodeName("Transfer.Shares.test"), [0, 1]);

        var (ok, name, next) = Read(message, 12);

        Assert.True(ok);
        Assert.Equal("Transfer.Shares.test.", name);
        Assert.Equal(12 + 22, next);
    }

    [Fact]
    public void TryRead_BackwardPointer_FollowsItAndEndsAfterPointer()
    {
        var message = Message(TestQuery.EncodeName("shares.test"), [8, .. "transfer"u8, 0xC0, 12]);

        var (ok, name, next) = Read(message, 25);

        Assert.True(ok);
        Assert.Equal("transfer.shares.test.", name);
        Assert.Equal(message.Length, next);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(12)]
    [InlineData(200)]
    public void TryRead_PointerToItselfOrForward_Fails(int target)
    {
        var message = Message([1, (byte)'a', 0xC0, (byte)target], new byte[200]);

        Assert.False(Read(message, 12).Ok);
    }

    [Fact]
    public void TryRead_PointerIntoHeader_Fails()
    {
        Assert.False(Read(Message([0xC0, 2]), 12).Ok);
    }

    [Fact]
    public void TryRead_PointerChainLongerThanLimit_Fails()
    {
        var chain = new List<byte> { 0 };
        for (var i = 0; i < DnsName.MaxPointerHops + 1; i++)
        {
            chain.AddRange([0xC0, (byte)(12 + (i == 0 ? 0 : 1 + 2 * (i - 1)))]);
        }

        var message = Message([.. chain]);

        Assert.True(Read(message, 12 + 1 + 2 * (DnsName.MaxPointerHops - 1)).Ok);
        Assert.False(Read(message, message.Length - 2).Ok);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void TryRead_ReservedLabelType_Fails(byte type)
    {
        Assert.False(Read(Message([type, 0]), 12).Ok);
    }

    [Fact]
    public void TryRead_NameLongerThan255_Fails()
    {
        var labels = Enumerable.Repeat<byte[]>([63, .. new byte[63].Select(_ => (byte)'a')], 4).SelectMany(l => l);

        Assert.False(Read(Message([.. labels, 0]), 12).Ok);
    }

    [Fact]
    public void TryRead_NameOf255_Succeeds()
    {
        byte[] label = [63, .. Enumerable.Repeat((byte)'a', 63)];
        byte[] last = [61, .. Enumerable.Repeat((byte)'b', 61)];
        byte[] wire = [.. label, .. label, .. label, .. last, 0];
        var longer = Message([.. label, .. label, .. label, 62, .. Enumerable.Repeat((byte)'b', 62), 0]);

        Assert.Equal(255, wire.Length);
        Assert.True(Read(Message(wire), 12).Ok);
        Assert.False(Read(longer, 12).Ok);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(20)]
    [InlineData(24)]
    public void TryRead_Truncated_Fails(int length)
    {
        Assert.False(Read(Message(TestQuery.EncodeName("transfer.shares.test"))[..length], 12).Ok);
    }

    [Fact]
    public void SuffixOffset_LabelBoundaryOnly_MatchesIgnoringCase()
    {
        var name = TestQuery.EncodeName("Transfer.SHARES.test");

        Assert.Equal(9, DnsName.SuffixOffset(name, TestQuery.EncodeName("shares.test")));
        Assert.Equal(0, DnsName.SuffixOffset(name, TestQuery.EncodeName("transfer.shares.test")));
        Assert.Equal(-1, DnsName.SuffixOffset(TestQuery.EncodeName("notshares.test"), TestQuery.EncodeName("shares.test")));
    }

    [Theory]
    [InlineData("shares.test.", "shares.test")]
    [InlineData("SHARES.Test", "shares.test")]
    public void Encode_ValidName_IsLowerCaseWire(string text, string expected)
    {
        Assert.Equal(TestQuery.EncodeName(expected), DnsName.Encode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("bad name.test")]
    [InlineData(null)]
    public void Encode_InvalidName_ReturnsNull(string? text)
    {
        Assert.Null(DnsName.Encode(text));
    }
}
