namespace SharesConsole.Edge.Counters;

/// <summary>The traffic kinds the edge counts separately.</summary>
public enum EdgeProtocol
{
    Web,
    Ssh,
    Fasp,
}
