using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SharesConsole.Data.Hosting;

/// <summary>
/// Per-connection SQLite settings: wait for a writer instead of failing with SQLITE_BUSY, and sync the WAL at every
/// commit. With <c>synchronous = NORMAL</c> a commit reaches the disk only at the next checkpoint, so a power loss can
/// undo the last epoch raise after an agent was already told about it; <c>FULL</c> costs an fsync per commit (measured
/// in docs/BENCHMARKS.md, "SQLite durability").
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
