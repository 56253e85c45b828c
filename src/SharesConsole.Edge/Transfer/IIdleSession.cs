using SharesConsole.Edge.Drain;

namespace SharesConsole.Edge.Transfer;

/// <summary>A session that records when it last moved data.</summary>
public interface IIdleSession : IDrainable
{
    /// <summary>A <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    long LastActivity { get; }
}
