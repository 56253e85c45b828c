using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class EventCursorConfiguration : IEntityTypeConfiguration<EventCursorEntity>
{
    public void Configure(EntityTypeBuilder<EventCursorEntity> builder)
    {
        builder.ToTable("EventCursors");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(ColumnSizes.Name);
    }
}
