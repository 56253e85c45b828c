using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class OperationStepConfiguration : IEntityTypeConfiguration<OperationStepEntity>
{
    public void Configure(EntityTypeBuilder<OperationStepEntity> builder)
    {
        builder.ToTable("OperationSteps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.Property(s => s.Status).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(s => s.Detail).HasMaxLength(ColumnSizes.Text);
        builder.HasIndex(s => new { s.OperationId, s.Index }).IsUnique();
    }
}
