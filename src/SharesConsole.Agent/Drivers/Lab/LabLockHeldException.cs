namespace SharesConsole.Agent.Drivers.Lab;

public sealed class LabLockHeldException(string message) : IOException(message);
