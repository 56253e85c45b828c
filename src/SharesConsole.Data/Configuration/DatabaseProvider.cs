namespace SharesConsole.Data.Configuration;

public enum DatabaseProvider
{
    Sqlite,

    /// <summary>MySQL or MariaDB through Pomelo.</summary>
    MySql,
}
