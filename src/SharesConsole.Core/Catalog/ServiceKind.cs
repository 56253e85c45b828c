namespace SharesConsole.Core.Catalog;

/// <summary>Whether a service runs on every node or on the active node only.</summary>
public enum ServiceKind
{
    ActiveActive,
    ActivePassive,
}
