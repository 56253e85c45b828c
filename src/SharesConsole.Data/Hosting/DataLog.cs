using Microsoft.Extensions.Logging;

namespace SharesConsole.Data.Hosting;

/// <summary>Log messages of SharesConsole.Data; event ids 7000-7099.</summary>
internal static partial class DataLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Database: {Provider} at {Target}; applying {Count} pending migration(s)")]
    public static partial void Migrating(ILogger logger, string provider, string target, int count);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Database: migrations applied in {ElapsedMs} ms; schema at {Migration}")]
    public static partial void Migrated(ILogger logger, long elapsedMs, string migration);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Database: SQLite journal mode {JournalMode}")]
    public static partial void JournalMode(ILogger logger, string journalMode);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Database: encrypted {Count} webhook secret(s) stored in plaintext before encryption at rest")]
    public static partial void SecretsEncrypted(ILogger logger, int count);
}
