namespace SharesConsole.Core.Placement;

/// <summary>The desired state of one service on one node.</summary>
public sealed record ServicePlacement(string Service, string Node, DesiredState Desired);
