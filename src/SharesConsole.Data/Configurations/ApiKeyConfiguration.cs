using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyEntity>
{
    public void Configure(EntityTypeBuilder<ApiKeyEntity> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.Hash).HasMaxLength(ColumnSizes.Hash).IsRequired();
        builder.Property(k => k.Role).HasMaxLength(ColumnSizes.Enum).IsRequired();
    }
}
