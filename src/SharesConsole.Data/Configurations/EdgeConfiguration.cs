using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class EdgeConfiguration : IEntityTypeConfiguration<EdgeEntity>
{
    public void Configure(EntityTypeBuilder<EdgeEntity> builder)
    {
        builder.ToTable("Edges");
        builder.HasKey(e => e.Name);
        builder.Property(e => e.Name).HasMaxLength(ColumnSizes.Name);
        builder.Property(e => e.TokenHash).HasMaxLength(ColumnSizes.Hash).IsRequired();
    }
}
