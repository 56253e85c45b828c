using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class ClusterSettingsConfiguration : IEntityTypeConfiguration<ClusterSettingsEntity>
{
    public void Configure(EntityTypeBuilder<ClusterSettingsEntity> builder)
    {
        builder.ToTable("ClusterSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Architecture).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(s => s.Vip).HasMaxLength(ColumnSizes.Address).IsRequired();
        builder.Property(s => s.WebFqdn).HasMaxLength(ColumnSizes.Fqdn).IsRequired();
        builder.Property(s => s.TransferFqdn).HasMaxLength(ColumnSizes.Fqdn).IsRequired();
        builder.Property(s => s.DnsZone).HasMaxLength(ColumnSizes.Fqdn).IsRequired();
        builder.Property(s => s.ActiveNode).HasMaxLength(ColumnSizes.Name);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
