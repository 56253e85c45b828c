using SharesConsole.Edge.Dns.Protocol;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Protocol;

public sealed class DnsQueryParserTests
{
    private static DnsParseStatus Parse(byte[] message, out DnsQuery query) =>
        DnsQueryParser.Parse(message, new byte[DnsName.MaxLength], out query);

    [Fact]
    public void Parse_PlainQuery_ReadsQuestion()
    {
        var status = Parse(TestQuery.Build("transfer.shares.test", TestQuery.Aaaa, id: 77), out var query);

        Assert.Equal(DnsParseStatus.Ok, status);
        Assert.Equal(77, query.Id);
        Assert.Equal(TestQuery.Aaaa, query.Type);
        Assert.Equal(1, query.Class);
        Assert.Equal(22, query.NameLength);
        Assert.False(query.HasEdns);
        Assert.True(query.RecursionDesired);
    }

    [Fact]
    public void Parse_QueryWithOpt_ReadsEdns()
    {
        var message = TestQuery.Build("transfer.shares.test", TestQuery.A, ednsSize: 1400);
        message[^4] = 0x80;

        Assert.Equal(DnsParseStatus.Ok, Parse(message, out var query));
        Assert.True(query.HasEdns);
        Assert.Equal(1400, query.EdnsPayloadSize);
        Assert.True(query.DnssecOk);
    }

    [Fact]
    public void Parse_TwoOptRecords_IsFormatError()
    {
        var message = TestQuery.Build("a.test", TestQuery.A, ednsSize: 1400);
        byte[] twice = [.. message, .. message[^11..]];
        twice[11] = 2;

        Assert.Equal(DnsParseStatus.FormatError, Parse(twice, out _));
    }

    [Fact]
    public void Parse_OptWithRdataBeyondEnd_IsFormatError()
    {
        var message = TestQuery.Build("a.test", TestQuery.A, ednsSize: 1400);
        message[^1] = 9;

        Assert.Equal(DnsParseStatus.FormatError, Parse(message, out _));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public void Parse_AnswerOrAuthorityInQuery_IsFormatError(int countOffset)
    {
        var message = TestQuery.Build("a.test", TestQuery.A);
        message[countOffset + 1] = 1;

        Assert.Equal(DnsParseStatus.FormatError, Parse(message, out _));
    }

    [Fact]
    public void Parse_NoQuestion_IsFormatError()
    {
        var message = TestQuery.Build("a.test", TestQuery.A);
        message[5] = 0;

        Assert.Equal(DnsParseStatus.FormatError, Parse(message, out _));
    }

    [Fact]
    public void Parse_Notify_IsNotImplemented()
    {
        Assert.Equal(DnsParseStatus.NotImplemented, Parse(TestQuery.Build("a.test", TestQuery.Soa, flags: 4 << 11), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Parse_ShorterThanHeader_IsDropped(int length)
    {
        Assert.Equal(DnsParseStatus.Drop, Parse(new byte[length], out _));
    }
}
