namespace SharesConsole.Edge.Dns.Zone;

/// <summary>What the answer writer put after the question: the rcode, flags and record counts for the header.</summary>
internal readonly record struct AnswerSections(int RCode, bool Authoritative, int Answers = 0, int Authorities = 0, int Additionals = 0)
{
    public bool Truncated { get; init; }
}
