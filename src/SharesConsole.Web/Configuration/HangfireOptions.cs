namespace SharesConsole.Web.Configuration;

/// <summary>Where background jobs are stored (section <c>Hangfire</c>).</summary>
public sealed class HangfireOptions
{
    public const string SectionName = "Hangfire";

    /// <summary><c>Sqlite</c> (default) or <c>InMemory</c> (tests).</summary>
    public string Storage { get; set; } = "Sqlite";

    public string SqlitePath { get; set; } = "./data/hangfire.db";

    /// <summary>How often workers poll the queue; short so a failover job starts within a second.</summary>
    public int QueuePollIntervalMs { get; set; } = 200;

    public int WorkerCount { get; set; } = 4;
}
