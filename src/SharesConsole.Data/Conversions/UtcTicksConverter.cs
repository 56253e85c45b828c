using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SharesConsole.Data.Conversions;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as its UTC ticks: SQLite cannot order or compare DateTimeOffset
/// in SQL, and a plain integer sorts, compares and round-trips the same on SQLite and MariaDB.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
