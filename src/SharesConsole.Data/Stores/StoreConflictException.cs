namespace SharesConsole.Data.Stores;

/// <summary>The write contradicts what is stored (duplicate name, unknown node, active node removal); the message says what.</summary>
public sealed class StoreConflictException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
