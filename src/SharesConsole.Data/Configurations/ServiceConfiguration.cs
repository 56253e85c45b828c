using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<ServiceEntity>
{
    public void Configure(EntityTypeBuilder<ServiceEntity> builder)
    {
        builder.ToTable("Services");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Kind).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(s => s.ProbeKind).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(s => s.ProbePath).HasMaxLength(ColumnSizes.Url);
        builder.Property(s => s.SecondaryProbeKind).HasMaxLength(ColumnSizes.Enum);
        builder.Property(s => s.SecondaryProbePath).HasMaxLength(ColumnSizes.Url);
        builder.Property(s => s.Note).HasMaxLength(ColumnSizes.Text);
    }
}
