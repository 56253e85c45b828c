using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SharesConsole.DbBench;

/// <summary>Runs after the product's pragma interceptor and sets the synchronous level under test.</summary>
internal sealed class SyncOverride(string level) : DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = {level};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
