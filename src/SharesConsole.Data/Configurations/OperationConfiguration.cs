using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class OperationConfiguration : IEntityTypeConfiguration<OperationEntity>
{
    public void Configure(EntityTypeBuilder<OperationEntity> builder)
    {
        builder.ToTable("Operations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(o => o.Status).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.Property(o => o.SourceNode).HasMaxLength(ColumnSizes.Name);
        builder.Property(o => o.TargetNode).HasMaxLength(ColumnSizes.Name);
        builder.Property(o => o.Reason).HasMaxLength(ColumnSizes.Text);
        builder.Property(o => o.Error).HasMaxLength(ColumnSizes.Text);
        builder.Property(o => o.CurrentStep).HasMaxLength(ColumnSizes.Name);

        // NULLs never collide in a unique index (SQLite and MariaDB alike): one non-null slot = one live operation.
        builder.HasIndex(o => o.ActiveSlot).IsUnique();
        builder.HasIndex(o => o.CreatedAt);
        builder.HasMany(o => o.Steps).WithOne().HasForeignKey(s => s.OperationId).OnDelete(DeleteBehavior.Cascade);
    }
}
