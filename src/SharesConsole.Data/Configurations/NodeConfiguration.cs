using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class NodeConfiguration : IEntityTypeConfiguration<NodeEntity>
{
    public void Configure(EntityTypeBuilder<NodeEntity> builder)
    {
        builder.ToTable("Nodes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Name).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.HasIndex(n => n.Name).IsUnique();
        builder.Property(n => n.ManagementAddress).HasMaxLength(ColumnSizes.Address).IsRequired();
        builder.Property(n => n.PublicAddress).HasMaxLength(ColumnSizes.Address).IsRequired();
        builder.Property(n => n.PrivateAddress).HasMaxLength(ColumnSizes.Address).IsRequired();
        builder.Property(n => n.TokenHash).HasMaxLength(ColumnSizes.Hash);
    }
}
