using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<EventEntity>
{
    public void Configure(EntityTypeBuilder<EventEntity> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.Property(e => e.Severity).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(e => e.Node).HasMaxLength(ColumnSizes.Name);
        builder.Property(e => e.Service).HasMaxLength(ColumnSizes.Name);
        builder.Property(e => e.Message).HasMaxLength(ColumnSizes.Text).IsRequired();
        builder.HasIndex(e => e.Time);
        builder.HasIndex(e => new { e.Node, e.Id });
        builder.HasIndex(e => new { e.Kind, e.Id });
        builder.HasIndex(e => e.OperationId);
    }
}
