using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<WebhookEntity>
{
    public void Configure(EntityTypeBuilder<WebhookEntity> builder)
    {
        builder.ToTable("Webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.HasIndex(w => w.Name).IsUnique();
        builder.Property(w => w.Url).HasMaxLength(ColumnSizes.Url).IsRequired();
        builder.Property(w => w.Secret).HasMaxLength(ColumnSizes.Hash).IsRequired();
        builder.Property(w => w.EventKinds).HasMaxLength(ColumnSizes.Text).IsRequired();
        builder.HasMany(w => w.Deliveries).WithOne().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
