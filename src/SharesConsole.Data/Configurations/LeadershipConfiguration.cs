using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class LeaderLeaseConfiguration : IEntityTypeConfiguration<LeaderLeaseEntity>
{
    public void Configure(EntityTypeBuilder<LeaderLeaseEntity> builder)
    {
        builder.ToTable("LeaderLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(ColumnSizes.Name);
        builder.Property(l => l.Holder).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.Property(l => l.Url).HasMaxLength(ColumnSizes.Url).IsRequired();
    }
}

internal sealed class ControlPlaneInstanceConfiguration : IEntityTypeConfiguration<ControlPlaneInstanceEntity>
{
    public void Configure(EntityTypeBuilder<ControlPlaneInstanceEntity> builder)
    {
        builder.ToTable("ControlPlaneInstances");
        builder.HasKey(i => i.Name);
        builder.Property(i => i.Name).HasMaxLength(ColumnSizes.Name);
        builder.Property(i => i.Url).HasMaxLength(ColumnSizes.Url).IsRequired();
        builder.Property(i => i.Role).HasMaxLength(ColumnSizes.Enum).IsRequired();
    }
}
