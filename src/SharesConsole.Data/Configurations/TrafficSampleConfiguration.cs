using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class TrafficSampleConfiguration : IEntityTypeConfiguration<TrafficSampleEntity>
{
    public void Configure(EntityTypeBuilder<TrafficSampleEntity> builder)
    {
        builder.ToTable("TrafficSamples");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Node).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.Property(t => t.Protocol).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.HasIndex(t => new { t.Node, t.Protocol, t.Minute }).IsUnique();
        builder.HasIndex(t => t.Minute);
    }
}
